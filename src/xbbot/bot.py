"""The Telegram bot: the application, its handlers, and the polling/webhook entry point.

Everything the bot knows comes from a Retriever (answer, search, examples, sources); retrieval
is CPU-bound, so it runs in a small thread pool while the event loop keeps serving chats. What
replicas share (question log, follow-up context, rate limits, button keys) lives in a StateStore,
whose blocking calls run in the same pool.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import secrets
import signal
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable, Literal, Protocol, Sequence, TypeVar
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    Application,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from xbbot.config import Settings
from xbbot.errors import BotConfigError, XbbotError
from xbbot.live import BuildLock, LiveIndex
from xbbot.metrics import Metrics
from xbbot.flood import FleetRateLimiter
from xbbot.models import Answer, Source
from xbbot.redaction import install_log_redaction, redact
from xbbot.store import EXPIRE_EVERY, StateStore, Thread
from xbbot.webhook import MAX_CONNECTIONS, WebhookServer, redelivered_on
from xbbot.telegram_format import (
    button_label,
    clip,
    detect_lang,
    excerpt,
    format_abstention,
    format_answer,
    format_help,
    format_sources,
    format_stats,
    split_html,
    texts,
    timeline_pages,
    utf16_len,
)
from xbbot.timeline import TimelineEntry, asks_for_course, year_span

log = logging.getLogger(__name__)

STATE_KEY = "xbbot"
ALLOWED_UPDATES = ["message", "callback_query", "inline_query"]
# Nobody's question is longer; the rest of a 10,000-character paste is not read.
MAX_QUESTION_CHARS = 1000
MAX_BUTTONS = 4
INLINE_RESULTS = 5
INLINE_CACHE_SECONDS = 10
RETRIEVAL_THREADS = 4
# /start lists the newest few sources; /sources lists them all.
HELP_SOURCES = 5
_TIMELINE_DATA = re.compile(r"^t:(\d{1,4}):(zh|en)$")
_TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

T = TypeVar("T")


class RetrieverLike(Protocol):
    """What the bot uses of xbbot.retriever.Retriever."""

    def answer(self, question: str, context: Sequence[str] = ()) -> Answer: ...

    def examples(self, lang: str = "zh", n: int = 4) -> list[str]: ...

    @property
    def sources(self) -> list[Source]: ...

    def timeline(self) -> list[TimelineEntry]: ...

    def warm_up(self) -> None: ...


# -- shared state ----------------------------------------------------------------------------------


@dataclass
class BotState:
    """What the handlers share, kept in `application.bot_data`."""

    settings: Settings
    live: LiveIndex[RetrieverLike]  # follows the index directory's live build; see xbbot.live
    store: StateStore
    rebuild: Callable[[Settings], RetrieverLike]
    metrics: Metrics = field(default_factory=Metrics)
    executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(RETRIEVAL_THREADS, thread_name_prefix="xbbot-retrieval")
    )
    reindexing: bool = False
    # Answered examples for empty inline queries, per language, for the retriever they came from.
    inline_examples: dict[str, tuple[RetrieverLike, list[InlineQueryResultArticle]]] = field(default_factory=dict)
    chat_locks: weakref.WeakValueDictionary[int, asyncio.Lock] = field(default_factory=weakref.WeakValueDictionary)
    housekeeping: asyncio.Task[None] | None = None
    warming: asyncio.Future[None] | None = None

    @property
    def retriever(self) -> RetrieverLike:
        """The retriever of the build served now; readers take one reference per question."""
        return self.live.retriever

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run blocking work in the retrieval pool, off the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, partial(fn, *args))

    def chat_lock(self, chat_id: int) -> asyncio.Lock:
        """One lock per chat, so a chat's questions are answered in order (follow-ups need that)."""
        lock = self.chat_locks.get(chat_id)
        if lock is None:
            lock = asyncio.Lock()
            self.chat_locks[chat_id] = lock
        return lock


def _state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    return context.application.bot_data[STATE_KEY]


# -- answering -------------------------------------------------------------------------------------


def _lang(user: User | None, text: str | None = None) -> Literal["zh", "en"]:
    return detect_lang(text, user.language_code if user else None)


def _question_buttons(state: BotState, questions: Sequence[str]) -> list[list[InlineKeyboardButton]]:
    """In a worker thread (the keys are stored): one button per question."""
    shown = list(questions[:MAX_BUTTONS])
    return [[InlineKeyboardButton(button_label(q), callback_data=f"q:{key}")]
            for q, key in zip(shown, state.store.put_keys(shown))]


def _feedback_row(question_id: int) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton("👍", callback_data=f"f:{question_id}:u"),
        InlineKeyboardButton("👎", callback_data=f"f:{question_id}:d"),
    ]


def _offered(retriever: RetrieverLike, answer: Answer) -> list[str]:
    """Answerable questions to offer instead of an answer: related facts first, then examples."""
    offered = list(answer.related)
    if answer.reason == "low_confidence":
        offered += [h.questions[0] for h in answer.hits if h.kind == "fact" and h.questions]
    if len(offered) < MAX_BUTTONS:
        offered += retriever.examples(answer.lang, MAX_BUTTONS)
    unique: list[str] = []
    for q in offered:
        if q != answer.question and q not in unique:
            unique.append(q)
    return unique[:MAX_BUTTONS]


def _ask(state: BotState, question: str, thread: Thread, chat_type: str,
         user_id: int | None) -> tuple[Answer, int | None, list[str], list[list[InlineKeyboardButton]]]:
    """In a worker thread: answer with the conversation's context, log it, remember it, make buttons."""
    retriever = state.retriever
    answer = retriever.answer(question, state.store.context(thread))
    offered = [] if answer.answered else _offered(retriever, answer)
    question_id = None
    if answer.reason != "empty":
        try:
            question_id = state.store.record_question(
                question=question, answered=answer.answered, confidence=answer.confidence,
                chat_type=chat_type, user_id=user_id, reason=answer.reason,
                source_id=answer.source.id if answer.source else None,
            )
        except Exception:  # losing a log line must not lose the answer
            log.exception("could not record a question in %s", state.store.display_url)
    if answer.keeps_context:
        state.store.remember(thread, answer.memory)
    return answer, question_id, offered, _question_buttons(state, answer.related[:3] if answer.answered else offered)


async def _typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    try:
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramError as exc:  # cosmetic: never worth failing an answer over
        log.debug("chat %s: typing indicator failed: %s", chat_id, exc)


async def send_html(context: ContextTypes.DEFAULT_TYPE, chat_id: int, markup: str,
                    keyboard: InlineKeyboardMarkup | None = None, reply_to: int | None = None) -> Message | None:
    """Send HTML split under Telegram's limit; the first part quotes `reply_to`, the last has the keyboard."""
    chunks = split_html(markup) or ["…"]
    sent = None
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        sent = await context.bot.send_message(
            chat_id, chunk, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
            reply_markup=keyboard if last else None,
            reply_parameters=ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to and i == 0 else None,
        )
    return sent


async def answer_question(context: ContextTypes.DEFAULT_TYPE, chat: Chat, user: User | None, question: str,
                          reply_to: int | None = None) -> None:
    """Answer one question in `chat`: rate limit, typing, retrieval off-loop, log, reply with buttons."""
    state = _state(context)
    started = time.perf_counter()
    question = question.strip()[:MAX_QUESTION_CHARS]
    # In a group each member has their own conversation: a follow-up continues the asker's
    # previous question, not whatever someone else asked last.
    thread: Thread = chat.id if chat.type == Chat.PRIVATE or user is None else (chat.id, user.id)
    # The lock first (taken in arrival order), then anything that awaits: the rate check too.
    async with state.chat_lock(chat.id):
        if user is not None:
            verdict = await state.run(state.store.check_rate, user.id)
            if verdict != "ok":
                state.metrics.question(False, "rate_limited", time.perf_counter() - started)
                if verdict == "warn":
                    await send_html(context, chat.id, html.escape(texts(_lang(user, question)).slow_down),
                                    reply_to=reply_to)
                return  # "drop": counted, not answered
        typing = asyncio.create_task(_typing(context, chat.id))
        answer, question_id, offered, rows = await state.run(
            _ask, state, question, thread, chat.type, user.id if user else None
        )
        # The indicator must reach Telegram before the answer, or it would show after it.
        await typing
        if answer.answered:
            if question_id is not None:
                rows.append(_feedback_row(question_id))
            markup = format_answer(answer)
            hint = _timeline_hint(state, question, answer.lang)
            markup += f"\n\n{hint}" if hint else ""
        else:
            markup = format_abstention(answer, offered, hint=_timeline_hint(state, question, answer.lang))
        await send_html(context, chat.id, markup, InlineKeyboardMarkup(rows) if rows else None, reply_to)
    state.metrics.question(answer.answered, answer.reason, time.perf_counter() - started)


# -- handlers -------------------------------------------------------------------------------------


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start and /help: what the bot knows, its sources, and example questions as buttons."""
    state, message = _state(context), update.effective_message
    if message is None:
        return
    lang = _lang(update.effective_user)
    retriever = state.retriever
    sources, examples, timeline = await state.run(
        lambda: (retriever.sources, retriever.examples(lang, MAX_BUTTONS), retriever.timeline())
    )
    # The years covered: of the reports and of the milestones they tell of (a 2019 report on a 2016 pairing).
    span = year_span([s.date for s in sources] + [e.date for e in timeline])
    markup = format_help(sources, lang, context.bot.username, limit=HELP_SOURCES, span=span)
    rows = await state.run(_question_buttons, state, examples)
    await send_html(context, message.chat_id, markup, InlineKeyboardMarkup(rows) if rows else None)


async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A private message: all of its text is the question."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    await answer_question(context, message.chat, message.from_user, message.text, message.message_id)


def _addressed(message: Message, bot: User) -> str | None:
    """The question in a group message meant for the bot (mention or reply), else None."""
    text = message.text or ""
    mentioned = False
    for entity, value in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if (entity.type == MessageEntity.MENTION and value[1:].lower() == (bot.username or "").lower()) or (
            entity.user is not None and entity.user.id == bot.id
        ):
            mentioned = True
            if entity.type == MessageEntity.MENTION:
                text = text.replace(value, " ")
    replied = message.reply_to_message is not None and message.reply_to_message.from_user is not None and (
        message.reply_to_message.from_user.id == bot.id
    )
    return text.strip() if mentioned or replied else None


async def on_group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group message: answered only when it mentions the bot or replies to it."""
    message = update.effective_message
    if message is None:
        return
    question = _addressed(message, context.bot.bot)
    if question is None:
        return
    await answer_question(context, message.chat, message.from_user, question, message.message_id)


async def on_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask question, in any chat."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    parts = message.text.split(maxsplit=1)
    await answer_question(context, message.chat, message.from_user, parts[1] if len(parts) > 1 else "",
                          message.message_id)


async def on_non_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice, documents… in a private chat: ask for text instead."""
    message = update.effective_message
    if message is None:
        return
    lang = _lang(update.effective_user, message.caption)
    await send_html(context, message.chat_id, html.escape(texts(lang).non_text), reply_to=message.message_id)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have, in a private chat."""
    message = update.effective_message
    if message is None:
        return
    await send_html(context, message.chat_id, html.escape(texts(_lang(update.effective_user)).unknown_command))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An inline button: a related question (asks it) or 👍/👎 (records it)."""
    query = update.callback_query
    if query is None:
        return
    state, user = _state(context), query.from_user
    lang = _lang(user)
    kind, _, rest = (query.data or "").partition(":")
    message = query.message if isinstance(query.message, Message) else None
    if kind == "q":
        question = await state.run(state.store.question_for_key, rest)
        if question is None or message is None:
            await query.answer(texts(lang).expired_button)
            return
        await query.answer()
        await answer_question(context, message.chat, user, question)
    elif kind == "f" and re.fullmatch(r"\d+:[ud]", rest):
        question_id = int(rest.split(":")[0])
        vote: Literal[1, -1] = 1 if rest.endswith("u") else -1
        await state.run(partial(state.store.record_feedback, question_id, vote, user_id=user.id))
        state.metrics.vote(vote)
        await query.answer(texts(lang).feedback_thanks)
        if message is not None and message.reply_markup is not None:
            # Keep the related questions; the vote buttons have done their job.
            rows = [row for row in message.reply_markup.inline_keyboard
                    if not any(str(b.callback_data or "").startswith("f:") for b in row)]
            try:
                await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
            except BadRequest as exc:  # pressed twice, or the message is too old to edit
                log.debug("feedback buttons not removed: %s", exc)
    else:
        await query.answer(texts(lang).expired_button)


# -- the timeline and the list of sources -------------------------------------------------------------


def _timeline_hint(state: BotState, question: str, lang: str) -> str:
    """A pointer to /timeline under the reply to a question about how things went over the years."""
    if not asks_for_course(question) or not state.retriever.timeline():  # a short list in memory
        return ""
    return html.escape(texts(lang).timeline_hint)


def _timeline_keyboard(page: int, pages: int, lang: str) -> InlineKeyboardMarkup | None:
    """◀ ▶ under a timeline page (none on the first/last); callback data t:<page>:<lang>."""
    row = []
    if page > 0:
        row.append(InlineKeyboardButton("◀", callback_data=f"t:{page - 1}:{lang}"))
    if page < pages - 1:
        row.append(InlineKeyboardButton("▶", callback_data=f"t:{page + 1}:{lang}"))
    return InlineKeyboardMarkup([row]) if row else None


async def on_timeline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/timeline: the milestones in date order, a page at a time with ◀ ▶ buttons."""
    state, message = _state(context), update.effective_message
    if message is None:
        return
    lang = _lang(update.effective_user)
    retriever = state.retriever
    pages = await state.run(lambda: timeline_pages(retriever.timeline(), lang))
    await send_html(context, message.chat_id, pages[0], _timeline_keyboard(0, len(pages), lang))


async def on_timeline_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """◀ or ▶ under a timeline page: show that page in the same message."""
    query = update.callback_query
    if query is None:
        return
    match = _TIMELINE_DATA.match(query.data or "")
    if match is None or not isinstance(query.message, Message):
        await query.answer(texts(_lang(query.from_user)).expired_button)
        return
    state, lang = _state(context), "en" if match.group(2) == "en" else "zh"
    retriever = state.retriever
    pages = await state.run(lambda: timeline_pages(retriever.timeline(), lang))
    # After a /reindex the timeline may be shorter than the page asked for.
    page = min(int(match.group(1)), len(pages) - 1)
    await query.answer()
    try:
        await query.edit_message_text(
            pages[page], parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
            reply_markup=_timeline_keyboard(page, len(pages), lang),
        )
    except BadRequest as exc:  # pressed twice: the page is already showing
        log.debug("timeline page not edited: %s", exc)


async def on_sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sources: every source, newest first, with date, link and publisher; notes marked."""
    state, message = _state(context), update.effective_message
    if message is None:
        return
    lang = _lang(update.effective_user)
    retriever = state.retriever
    sources = await state.run(lambda: retriever.sources)
    await send_html(context, message.chat_id, format_sources(sources, lang))


def _inline_article(result_id: str, title: str, description: str, markup: str) -> InlineQueryResultArticle:
    if utf16_len(markup) > 4096:
        markup = split_html(markup)[0]
    return InlineQueryResultArticle(
        id=result_id, title=clip(title, 64) or "?", description=clip(description, 120),
        input_message_content=InputTextMessageContent(markup, parse_mode=ParseMode.HTML,
                                                      link_preview_options=NO_PREVIEW),
    )


def _inline_results(retriever: RetrieverLike, query: str, lang: Literal["zh", "en"]) -> list[InlineQueryResultArticle]:
    """In a worker thread: the answer and the next best hits, or answered examples for an empty query."""
    results: list[InlineQueryResultArticle] = []
    if not query:
        for i, example in enumerate(retriever.examples(lang, INLINE_RESULTS)):
            a = retriever.answer(example)
            if a.answered:
                results.append(_inline_article(f"e{i}", example, a.text, format_answer(a)))
        return results
    answer = retriever.answer(query)
    if not answer.answered:
        return results
    results.append(_inline_article("a0", answer.text, _source_label(answer.hits[0].source), format_answer(answer)))
    seen = {answer.hits[0].text}
    for i, hit in enumerate(answer.hits[1:], 1):
        if hit.text in seen or len(results) >= INLINE_RESULTS:
            continue
        seen.add(hit.text)
        quoted = excerpt(hit.text)
        as_answer = Answer(query, True, quoted, hit.score, [hit], [], "", answer.lang)
        title = hit.questions[0] if hit.questions else quoted
        results.append(_inline_article(f"h{i}", title, _source_label(hit.source), format_answer(as_answer)))
    return results


def _source_label(source: Source) -> str:
    return f"{source.title}（{source.date}）"


async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Inline mode: `@bot question` → answers as articles; an empty query → example answers."""
    inline = update.inline_query
    if inline is None:
        return
    state = _state(context)
    query = inline.query.strip()[:MAX_QUESTION_CHARS]
    lang = _lang(inline.from_user, query)
    retriever = state.retriever
    cached = state.inline_examples.get(lang)
    if not query and cached and cached[0] is retriever:
        results = cached[1]
    else:
        results = await state.run(_inline_results, retriever, query, lang)
        if not query:
            state.inline_examples[lang] = (retriever, results)
    button = None
    if query and not results:
        button = InlineQueryResultsButton(text=texts(lang).inline_no_answer, start_parameter="help")
    await inline.answer(results, cache_time=INLINE_CACHE_SECONDS, is_personal=False, button=button)


def _is_admin(update: Update, state: BotState) -> bool:
    return update.effective_user is not None and update.effective_user.id in state.settings.admin_ids


async def on_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats (admins): questions, answered share, abstentions, votes, top unanswered questions."""
    state, message = _state(context), update.effective_message
    if message is None:
        return
    lang = _lang(update.effective_user)
    if not _is_admin(update, state):
        await send_html(context, message.chat_id, html.escape(texts(lang).not_admin))
        return
    stats, top = await state.run(lambda: (state.store.stats(), state.store.unanswered(5)))
    await send_html(context, message.chat_id, format_stats(stats, top, lang))


async def on_reindex(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reindex (admins): rebuild in a thread, then swap the retriever; questions are answered meanwhile."""
    state, message = _state(context), update.effective_message
    if message is None:
        return
    t = texts(_lang(update.effective_user))
    if not _is_admin(update, state):
        await send_html(context, message.chat_id, html.escape(t.not_admin))
        return
    # The lock file is in the shared index directory: one rebuild at a time across the fleet.
    lock = BuildLock(state.settings.index_dir)
    if state.reindexing or not lock.acquire():
        await send_html(context, message.chat_id, html.escape(t.reindex_busy))
        return
    state.reindexing = True
    try:
        await send_html(context, message.chat_id, html.escape(t.reindex_started))
        # Its own thread, not the retrieval pool: a rebuild must not queue up users' questions.
        fresh = await asyncio.to_thread(state.rebuild, state.settings)
        # The other replicas' watchers pick the new build up from CURRENT.
        state.live.swap(fresh)
        reply = t.reindex_done.format(n=len(fresh.sources))
    except XbbotError as exc:
        reply = t.reindex_failed.format(error=clip(redact(str(exc)).splitlines()[0] if str(exc) else type(exc).__name__, 300))
    except Exception as exc:
        log.exception("reindex failed")
        reply = t.reindex_failed.format(error=type(exc).__name__)
    finally:
        state.reindexing = False
        lock.release()
    await send_html(context, message.chat_id, html.escape(reply))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log a failed update with its ids; apologise to the user when that cannot duplicate a reply."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    chat = update.effective_chat if isinstance(update, Update) else None
    chat_id = chat.id if chat else None
    if isinstance(error, (TimedOut, RetryAfter)):
        # Not retried: a timed-out send may well have been delivered.
        log.warning("update %s, chat %s: %s: %s", update_id, chat_id, type(error).__name__, redact(str(error)))
        return
    if isinstance(error, (NetworkError, Forbidden)):
        log.warning("update %s, chat %s: %s: %s", update_id, chat_id, type(error).__name__, redact(str(error)))
        return
    if error is not None and redelivered_on(error):
        # The webhook answers 5xx and Telegram delivers the update again: no apology now.
        log.warning("update %s, chat %s: %s, left for redelivery: %s", update_id, chat_id, type(error).__name__,
                    redact(str(error)))
        return
    log.error("update %s, chat %s: unhandled %s", update_id, chat_id, type(error).__name__, exc_info=error)
    if isinstance(update, Update) and update.callback_query is not None:
        return
    if chat is not None and isinstance(update, Update) and update.effective_message is not None:
        try:
            await context.bot.send_message(chat.id, texts(_lang(update.effective_user)).error)
        except TelegramError:
            pass


# -- the application -------------------------------------------------------------------------------


def _file_url(base_url: str) -> str:
    """PTB's base_file_url next to `base_url`: …/bot → …/file/bot (how the Bot API lays them out)."""
    head, sep, tail = base_url.rpartition("/")
    return f"{head}/file/{tail}" if sep and tail.startswith("bot") else base_url


def _check_token(settings: Settings) -> str:
    token = (settings.telegram_token or "").strip()
    if not token:
        raise BotConfigError("no Telegram bot token: set TELEGRAM_BOT_TOKEN (or telegram_token in the config file)")
    if not _TOKEN_SHAPE.match(token):
        raise BotConfigError("the Telegram bot token is malformed (expected <digits>:<letters> from @BotFather)")
    return token


async def _housekeeping(state: BotState) -> None:
    """Every EXPIRE_EVERY seconds, delete state rows past their retention (tables stay bounded)."""
    while True:
        try:
            deleted = await state.run(state.store.expire)
            log.debug("expired state rows: %s", deleted)
        except Exception as exc:  # the next round will do; never worth stopping the bot
            log.warning("expiring old state failed: %s: %s", type(exc).__name__, redact(str(exc)))
        await asyncio.sleep(EXPIRE_EVERY)


def _warmed(future: asyncio.Future[None]) -> None:
    """Log a failed warm-up: the question that needs it will load it (or fail) itself."""
    if not future.cancelled() and (exc := future.exception()) is not None:
        log.warning("warming up failed: %s: %s", type(exc).__name__, redact(str(exc)))


async def _post_init(app: Application) -> None:
    """Startup: the command menu in both languages, the state store's housekeeping, and in the
    background what a first question would otherwise wait for (the English dictionary, ~2 s)."""
    state: BotState = app.bot_data[STATE_KEY]
    if state.housekeeping is None:
        state.housekeeping = asyncio.create_task(_housekeeping(state))
    if state.warming is None:
        state.warming = asyncio.ensure_future(state.run(state.retriever.warm_up))
        state.warming.add_done_callback(_warmed)
    commands = {
        None: [("start", "开始：我能回答什么"), ("help", "帮助和资料来源"), ("ask", "在群里提问：/ask 问题"),
               ("timeline", "大事记：按时间排列"), ("sources", "全部资料来源")],
        "en": [("start", "What I can answer"), ("help", "Help and sources"), ("ask", "Ask in a group: /ask question"),
               ("timeline", "Milestones in date order"), ("sources", "All sources with dates and links")],
    }
    for language, items in commands.items():
        try:
            await app.bot.set_my_commands([BotCommand(c, d) for c, d in items], language_code=language)
        except TelegramError as exc:  # a missing menu is no reason not to serve
            log.warning("could not set the command menu: %s", redact(str(exc)))
    log.info("serving as @%s", app.bot.username)


async def _post_shutdown(app: Application) -> None:
    """Shutdown: stop housekeeping, finish retrieval threads, close the state store."""
    state: BotState = app.bot_data[STATE_KEY]
    if state.housekeeping is not None:
        state.housekeeping.cancel()
        state.housekeeping = None
    state.executor.shutdown(wait=True)
    state.store.close()


def build_application(
    settings: Settings,
    retriever: RetrieverLike,
    *,
    rate_limiter: BaseRateLimiter | None = None,
    read_timeout: float = 5.0,
    rebuild: Callable[[Settings], RetrieverLike] | None = None,
    load: Callable[[], RetrieverLike] | None = None,
    store: StateStore | None = None,
) -> Application:
    """The bot, ready for `serve`: handlers, error handler, rate limiter, state in bot_data.

    `rate_limiter` defaults to FleetRateLimiter (Telegram's flood limits kept by all replicas
    together through the store, 3 retries on 429); `rebuild` defaults to Retriever.rebuild;
    `load` (the index watcher's loader of the live build) to Retriever.load with the encoder
    `retriever` already has;
    `store` to StateStore.from_settings (closed at shutdown).
    """
    token = _check_token(settings)
    install_log_redaction(token, settings.webhook_secret)
    if rebuild is None or load is None:
        from xbbot.retriever import Retriever

        rebuild = rebuild or Retriever.rebuild
        load = load or partial(Retriever.load, settings=settings, encoder=getattr(retriever, "encoder", None),
                               build_if_missing=False, check_fresh=False)
    store = store or StateStore.from_settings(settings)
    app = (
        Application.builder()
        .token(token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(_file_url(settings.telegram_api_base_url))
        .concurrent_updates(True)
        .rate_limiter(rate_limiter or FleetRateLimiter(store, max_retries=3))
        .read_timeout(read_timeout)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    app.bot_data[STATE_KEY] = BotState(
        settings=settings,
        live=LiveIndex(retriever, settings.index_dir, load, interval=settings.index_watch_seconds),
        store=store,
        rebuild=rebuild,
    )
    state: BotState = app.bot_data[STATE_KEY]
    state.live.listeners.append(state.metrics.index_changed)
    state.metrics.index_changed(state.live)
    message = filters.UpdateType.MESSAGE
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    app.add_handler(CommandHandler(["start", "help"], on_start, filters=message))
    app.add_handler(CommandHandler("ask", on_ask, filters=message))
    app.add_handler(CommandHandler("stats", on_stats, filters=message))
    app.add_handler(CommandHandler("reindex", on_reindex, filters=message))
    app.add_handler(CommandHandler("timeline", on_timeline, filters=message))
    app.add_handler(CommandHandler("sources", on_sources, filters=message))
    app.add_handler(MessageHandler(message & private & filters.COMMAND, on_unknown_command))
    app.add_handler(MessageHandler(message & private & filters.TEXT, on_private_text))
    app.add_handler(MessageHandler(message & groups & filters.TEXT & ~filters.COMMAND, on_group_text))
    app.add_handler(MessageHandler(message & private & ~filters.TEXT & ~filters.StatusUpdate.ALL, on_non_text))
    app.add_handler(CallbackQueryHandler(on_timeline_page, pattern=r"^t:"))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(InlineQueryHandler(on_inline))
    app.add_error_handler(on_error)
    return app


def _polling_error(exc: TelegramError) -> None:
    # One line per failure; PTB backs off (1 s, ×1.5, up to 30 s) and keeps polling.
    log.warning("polling failed, retrying: %s: %s", type(exc).__name__, redact(str(exc)))


async def serve(
    app: Application,
    *,
    webhook_url: str | None = None,
    stop: asyncio.Event | None = None,
    poll_timeout: int = 30,
) -> None:
    """Run `app` until `stop` is set (or SIGINT/SIGTERM when no event is given).

    Startup problems (token rejected, server unreachable, webhook refused) raise BotConfigError
    in one line; once running, network trouble is retried and failed updates are logged.
    A webhook is served by xbbot.webhook (answers Telegram only once an update is handled,
    plus /healthz and /metrics), then registered with setWebhook.
    """
    state: BotState = app.bot_data[STATE_KEY]
    settings = state.settings
    where = redact(settings.telegram_api_base_url)
    webhook: WebhookServer | None = None
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, stop.set)
            except (NotImplementedError, RuntimeError):  # not the main thread, or Windows
                pass
    try:
        try:
            await app.initialize()
        except InvalidToken:
            raise BotConfigError(f"the Telegram Bot API at {where} rejected the bot token") from None
        except (TimedOut, NetworkError) as exc:
            raise BotConfigError(f"cannot reach the Telegram Bot API at {where}: {redact(str(exc))}") from None
        if app.post_init:
            await app.post_init(app)
        assert app.updater is not None
        await app.start()
        try:
            if webhook_url:
                secret = settings.webhook_secret
                if not secret:
                    secret = secrets.token_urlsafe(32)
                    log.warning("no XBBOT_WEBHOOK_SECRET: using a random one; replicas behind one URL need a shared one")
                if not _SECRET_SHAPE.match(secret):
                    raise BotConfigError("the webhook secret may only contain A-Z, a-z, 0-9, _ and - (1–256 characters)")
                install_log_redaction(secret)
                webhook = WebhookServer(
                    app, state, path=urlsplit(webhook_url).path, secret=secret,
                    listen=settings.webhook_listen, port=settings.webhook_port,
                    claim=state.store.claim_update, ping=state.store.ping,
                )
                # Listen first, register second: Telegram's first delivery finds the port open.
                await webhook.start()
                await app.bot.set_webhook(webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES,
                                          max_connections=MAX_CONNECTIONS, drop_pending_updates=False)
            else:
                await app.updater.start_polling(
                    timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False,
                    error_callback=_polling_error,
                )
        except InvalidToken:
            raise BotConfigError(f"the Telegram Bot API at {where} rejected the bot token") from None
        except TelegramError as exc:
            mode = "the webhook" if webhook_url else "polling"
            raise BotConfigError(f"Telegram refused to start {mode}: {redact(str(exc))}") from None
        except OSError as exc:
            where_listen = f"{settings.webhook_listen}:{settings.webhook_port}"
            raise BotConfigError(f"cannot listen on {where_listen}: {exc.strerror or exc}") from None
        if settings.index_watch_seconds > 0:
            state.live.start()
        await stop.wait()
    finally:
        await state.live.stop()
        if webhook is not None:
            await webhook.stop()  # updates in flight finish before the application stops
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        await app.bot.shutdown()  # when initialize failed halfway, its HTTP clients are still open
        if app.post_shutdown:
            await app.post_shutdown(app)


def run(settings: Settings, *, webhook_url: str | None = None) -> None:
    """Serve until interrupted: long polling, or a webhook at `webhook_url` (HTTPS, public)."""
    _check_token(settings)
    install_log_redaction(settings.telegram_token, settings.webhook_secret)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per request is noise
    from xbbot.retriever import Retriever

    retriever = Retriever.load(settings=settings)
    app = build_application(settings, retriever)
    asyncio.run(serve(app, webhook_url=webhook_url))
