"""The index: build, incremental rebuild, crash safety, model mismatch, staleness (fake encoder)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from conftest import PAIR_ARTICLE, PAIR_NOTE, PROVINCE_NOTE, HashEncoder
from xbbot.errors import IndexCorruptError, IndexMismatchError, IndexMissingError, UnverifiedFactsError
from xbbot.index import (
    BUILDS,
    CURRENT,
    build_index,
    current_build,
    iter_build_dirs,
    load_index,
    read_manifest,
    stale_reason,
)
from xbbot.knowledge import dump_article, load_knowledge
from xbbot.models import Article, Source

FACTS = """\
- id: funds-total
  questions: [累计落实了多少帮扶资金, "How much funding in total?"]
  answer: 累计落实帮扶资金1.845亿元。
  answer_en: 184.5 million yuan in total.
  source: a1
  as_of: 2019-08-16
"""


def write_article(root: Path, article_id: str, body: str) -> None:
    art = Article(article_id, f"标题{article_id}", date(2019, 8, 16), f"http://example.org/{article_id}", "徐州日报", None, body)
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "articles" / f"{article_id}.md").write_text(dump_article(art), encoding="utf-8")


@pytest.fixture
def kb_root(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    write_article(root, "a1", "## 资金\n\n2016年至今,累计落实帮扶资金1.845亿元,共实施80个项目。今年安排资金6900万元。")
    write_article(root, "a2", "徐州社会各界捐款273.9万元,捐物价值360万元。\n\n72所学校与徐州学校结对。")
    (root / "facts.yaml").write_text(FACTS, encoding="utf-8")
    return root


def test_build_writes_manifest_first_class_files(kb_root: Path, tmp_path: Path, hash_encoder: HashEncoder) -> None:
    index_dir = tmp_path / "index"
    report = build_index(load_knowledge(kb_root), hash_encoder, index_dir)
    manifest = read_manifest(index_dir)
    assert manifest["model_id"] == "test:hash-64" and manifest["dim"] == 64
    assert manifest["counts"]["articles"] == 2 and manifest["counts"]["facts"] == 1
    # a fact is embedded once per question and once per answer
    assert manifest["counts"]["vectors"] == manifest["counts"]["passages"] + 2 + 2
    # …and xbbot's own decline bank is embedded with the knowledge base's
    assert report.embedded == manifest["counts"]["vectors"] + manifest["counts"]["declines"] and report.reused == 0
    assert sorted(report.added) == ["article:a1", "article:a2", "fact:funds-total"]
    loaded = load_index(index_dir, "test:hash-64")
    assert loaded.dense.ntotal == manifest["counts"]["vectors"]
    assert {d.kind for d in loaded.docs} == {"passage", "fact"}
    assert loaded.sources["a1"]["url"] == "http://example.org/a1"


def test_rebuild_embeds_only_what_changed(kb_root: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(load_knowledge(kb_root), HashEncoder(), index_dir)

    again = HashEncoder()
    report = build_index(load_knowledge(kb_root), again, index_dir)
    assert again.documents_encoded == 0 and report.embedded == 0
    assert report.added == report.changed == report.removed == []

    write_article(kb_root, "a3", "陇县“借袋还菇”帮扶模式创新在全国推广。")
    third = HashEncoder()
    report = build_index(load_knowledge(kb_root), third, index_dir)
    assert report.added == ["article:a3"]
    assert third.documents_encoded == 1  # the one new passage, nothing else

    (kb_root / "articles" / "a2.md").unlink()
    report = build_index(load_knowledge(kb_root), HashEncoder(), index_dir)
    assert report.removed == ["article:a2"]
    assert all(d.article_id != "a2" for d in load_index(index_dir).docs)


def test_failed_build_leaves_the_live_index_untouched(kb_root: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(load_knowledge(kb_root), HashEncoder(), index_dir)
    before = (index_dir / CURRENT).read_text()
    files_before = sorted(p.relative_to(index_dir) for p in index_dir.rglob("*"))

    write_article(kb_root, "a3", "新文章的第一句。新文章的第二句。")
    crashing = HashEncoder()
    crashing.fail_after = 0
    with pytest.raises(RuntimeError, match="simulated crash"):
        build_index(load_knowledge(kb_root), crashing, index_dir)
    assert (index_dir / CURRENT).read_text() == before
    assert sorted(p.relative_to(index_dir) for p in index_dir.rglob("*")) == files_before
    assert load_index(index_dir).manifest["counts"]["articles"] == 2


def test_unverified_facts_refused_unless_allowed(kb_root: Path, tmp_path: Path) -> None:
    (kb_root / "facts.yaml").write_text(FACTS.replace("1.845亿元", "1.9亿元"), encoding="utf-8")
    index_dir = tmp_path / "index"
    with pytest.raises(UnverifiedFactsError, match="1.9亿"):
        build_index(load_knowledge(kb_root), HashEncoder(), index_dir)
    assert not (index_dir / CURRENT).exists()
    report = build_index(load_knowledge(kb_root), HashEncoder(), index_dir, allow_unverified=True)
    assert report.unverified and read_manifest(index_dir)["unverified_facts"]


def test_other_model_is_a_clear_error(kb_root: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(load_knowledge(kb_root), HashEncoder(), index_dir)
    with pytest.raises(IndexMismatchError, match="built with test:hash-64.*configured encoder is other"):
        load_index(index_dir, "other")
    # a different model never reuses vectors
    other = HashEncoder(model_id="test:other")
    report = build_index(load_knowledge(kb_root), other, index_dir)
    declines = read_manifest(index_dir)["counts"]["declines"]
    assert report.reused == 0 and other.documents_encoded + declines == report.embedded > declines


def test_missing_and_broken_index_say_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="xbbot index"):
        load_index(tmp_path / "nothing")
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / CURRENT).write_text("gone\n")
    with pytest.raises(IndexMissingError, match="incomplete"):
        load_index(tmp_path / "half")


def test_stale_reason_names_what_changed(kb_root: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(load_knowledge(kb_root), HashEncoder(), index_dir)
    manifest = read_manifest(index_dir)
    assert stale_reason(manifest, load_knowledge(kb_root)) is None
    write_article(kb_root, "a3", "又一篇。")
    assert stale_reason(manifest, load_knowledge(kb_root)) == "1 new"


def test_old_builds_are_pruned(kb_root: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    for i in range(4):
        write_article(kb_root, f"n{i}", f"第{i}篇新文章。")
        build_index(load_knowledge(kb_root), HashEncoder(), index_dir)
    builds = list(iter_build_dirs(index_dir))
    assert len(builds) == 2
    assert builds[-1].name == (index_dir / CURRENT).read_text().strip()
    assert not [p for p in (index_dir / BUILDS).iterdir() if p.name.startswith(".tmp")]
    assert json.loads((builds[-1] / "manifest.json").read_text())["counts"]["articles"] == 6


def test_other_passage_sizes_make_the_index_stale(kb_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import xbbot.index as index_mod

    index_dir = tmp_path / "index"
    build_index(load_knowledge(kb_root), HashEncoder(), index_dir)
    monkeypatch.setattr(index_mod, "CHUNK_MAX_CHARS", index_mod.CHUNK_MAX_CHARS + 1)
    assert "passages" in (stale_reason(read_manifest(index_dir), load_knowledge(kb_root)) or "")


def test_large_corpora_get_an_hnsw_index(kb_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import xbbot.index as index_mod

    monkeypatch.setattr(index_mod, "EXACT_SEARCH_MAX", 0)
    index_dir = tmp_path / "index"
    build_index(load_knowledge(kb_root), HashEncoder(), index_dir)
    loaded = load_index(index_dir)
    assert read_manifest(index_dir)["dense_index"] == "IndexHNSWFlat"
    query = HashEncoder().encode_query(["累计落实帮扶资金1.845亿元"])
    scores, rows = loaded.dense.search(query, 3)
    assert rows[0][0] >= 0 and scores[0][0] > 0.5


def test_other_tokenizer_makes_the_index_stale(kb_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import xbbot.index as index_mod

    index_dir = tmp_path / "index"
    build_index(load_knowledge(kb_root), HashEncoder(), index_dir)
    monkeypatch.setattr(index_mod, "TOKENIZER_VERSION", index_mod.TOKENIZER_VERSION + 1)
    assert "tokenizer" in (stale_reason(read_manifest(index_dir), load_knowledge(kb_root)) or "")


# ---------------------------------------------------------------------------------------------
# Notes and milestones (the 扬州–榆林 knowledge of conftest)


def test_build_stores_source_kinds_and_milestones(pair_kb: Path, tmp_path: Path, hash_encoder: HashEncoder) -> None:
    index_dir = tmp_path / "index"
    build_index(load_knowledge(pair_kb), hash_encoder, index_dir)
    loaded = load_index(index_dir, hash_encoder.model_id)
    assert loaded.manifest["counts"]["notes"] == 2 and loaded.manifest["counts"]["milestones"] == 3
    assert Source.from_stored(PROVINCE_NOTE, loaded.sources[PROVINCE_NOTE]) == Source(
        PROVINCE_NOTE, "苏陕协作2022年成效发布", "2023-01-20", "http://example.com/sushaan-2022.html", "陕西日报",
        "note", "province",
    )
    assert (loaded.sources[PAIR_ARTICLE]["kind"], loaded.sources[PAIR_ARTICLE]["level"]) == ("article", None)
    # In date order, each citing the article or note it comes from (a fact's: its source).
    assert [(m["date"], m["source"]) for m in loaded.milestones] == [
        ("2017-04", PAIR_ARTICLE), ("2018", PAIR_ARTICLE), ("2021-03-10", PAIR_NOTE),
    ]
    assert loaded.milestones[0]["text_en"] == "Yangzhou and Yulin paired up"


def test_moving_a_milestone_makes_the_index_stale_and_embeds_nothing(
    pair_kb: Path, tmp_path: Path, hash_encoder: HashEncoder
) -> None:
    index_dir = tmp_path / "index"
    build_index(load_knowledge(pair_kb), hash_encoder, index_dir)
    facts = pair_kb / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("date: 2018,", "date: 2022,"), encoding="utf-8")
    kb = load_knowledge(pair_kb)
    assert stale_reason(read_manifest(index_dir), kb) == "1 changed"
    report = build_index(kb, hash_encoder, index_dir)
    assert report.changed == ["fact:yangyu-cadres"] and report.embedded == 0
    assert [m["date"] for m in load_index(index_dir).milestones] == ["2017-04", "2021-03-10", "2022"]


def test_a_build_from_before_notes_loads_with_defaults(pair_kb: Path, tmp_path: Path, hash_encoder: HashEncoder) -> None:
    index_dir = tmp_path / "index"
    build_index(load_knowledge(pair_kb), hash_encoder, index_dir)
    docs_json = Path(read_manifest(index_dir)["_build_dir"]) / "docs.json"
    store = json.loads(docs_json.read_text(encoding="utf-8"))
    del store["milestones"]
    for stored in store["sources"].values():
        del stored["kind"], stored["level"]
    docs_json.write_text(json.dumps(store, ensure_ascii=False), encoding="utf-8")
    # Such a build's manifest recorded its docs.json as it was then.
    manifest_path = docs_json.parent / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"]["docs.json"] = {"sha256": hashlib.sha256(docs_json.read_bytes()).hexdigest(),
                                      "size": docs_json.stat().st_size}
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    loaded = load_index(index_dir)
    assert loaded.milestones == []
    assert Source.from_stored(PROVINCE_NOTE, loaded.sources[PROVINCE_NOTE]).kind == "article"


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "name", "problem"),
    [
        (_truncate, "dense.faiss", "bytes where the manifest records"),
        (_flip_a_byte, "dense.faiss", "do not match the manifest's checksum"),
        (_flip_a_byte, "vectors.npy", "do not match"),
        (Path.unlink, "docs.json", "missing"),
        (_truncate, "units.json", "bytes where"),
        (lambda p: sorted(p.iterdir())[0].unlink(), "lexical", "missing"),
        (lambda p: p.write_text('{"format": 1, "model_id": '), "manifest.json", "not valid JSON"),
        (lambda p: p.write_text("[1, 2]"), "manifest.json", "not a JSON object"),
    ],
    ids=["truncated-faiss", "altered-faiss", "altered-vectors", "deleted-docs", "truncated-units", "lexical-file",
         "broken-manifest", "manifest-not-object"],
)
def test_a_damaged_build_is_named_before_anything_parses_it(kb_root: Path, tmp_path: Path, damage, name: str,
                                                             problem: str) -> None:  # noqa: ANN001
    index_dir = tmp_path / "index"
    build_index(load_knowledge(kb_root), HashEncoder(), index_dir)
    target = current_build(index_dir) / name
    damage(target)
    with pytest.raises(IndexCorruptError, match=problem) as caught:
        load_index(index_dir, "test:hash-64")
    assert str(caught.value.path).startswith(str(target))
    assert "xbbot index" in str(caught.value)


def test_rebuilding_over_a_damaged_build_reembeds_instead_of_reusing(kb_root: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(load_knowledge(kb_root), HashEncoder(), index_dir)
    _flip_a_byte(current_build(index_dir) / "vectors.npy")
    again = HashEncoder()
    report = build_index(load_knowledge(kb_root), again, index_dir)
    assert report.reused == 0 and again.documents_encoded > 0
    assert load_index(index_dir, "test:hash-64").dense.ntotal == read_manifest(index_dir)["counts"]["vectors"]


def test_a_manifest_without_checksums_is_stale(kb_root: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(load_knowledge(kb_root), HashEncoder(), index_dir)
    path = current_build(index_dir) / "manifest.json"
    manifest = json.loads(path.read_text())
    del manifest["files"]
    path.write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatchError, match="no file checksums.*rebuild with: xbbot index"):
        load_index(index_dir)
    # An older build's vectors are not trusted for reuse either, but the rebuild works.
    report = build_index(load_knowledge(kb_root), HashEncoder(), index_dir)
    assert report.reused == 0
    assert load_index(index_dir).manifest["files"]["dense.faiss"]["size"] > 0


def test_a_short_passage_is_indexed_with_the_one_before(tmp_path: Path) -> None:
    """A post's one-line paragraph pointing back (中心去年建成…) is found by what the line before names;
    a line naming its own subject, or ending in no full stop (a headline), is indexed alone."""
    from xbbot.index import make_docs

    root = tmp_path / "kb"
    write_article(root, "p1", "清晨六点，汀溪镇石桥村的冷链分拣中心已经亮起了灯。\n\n"
                              "中心去年8月建成，总投资560万元。\n\n石桥村还新修了一条产业路。\n\n■ 雁峪好物馆开馆\n\n"
                              "汀溪市民排队选购雁峪县的腊肉和蜂蜜，首日销售额12万元。")
    docs = {d.text: d for d in make_docs(load_knowledge(root))}
    built = docs["中心去年8月建成，总投资560万元。"]
    assert "冷链分拣中心" in built.dense_text and "冷链分拣中心" in built.lexical_text
    assert "冷链分拣中心" not in built.text  # shown as written
    assert "总投资" not in docs["■ 雁峪好物馆开馆"].dense_text
    assert "总投资" not in docs["石桥村还新修了一条产业路。"].dense_text  # names its own subject


def test_a_record_and_a_broadcasts_part_tag_take_nothing_from_the_line_before(tmp_path: Path) -> None:
    from xbbot.index import make_docs, refers_back

    root = tmp_path / "kb"
    write_article(root, "r1", "【正文】\n\n走进石桥村花椒加工车间，烘干机隆隆作响。\n\n"
                              "车间总投资960万元，设计年加工干花椒365吨，目前吸纳64名村民就业，其中脱贫人口29人，人均月工资2900元左右。\n\n"
                              "企业名称：汀溪港盛公司，岗位：焊工。\n\n企业名称：汀溪瑞鑫公司，岗位：电工。")
    docs = {d.text: d for d in make_docs(load_knowledge(root))}
    assert "【正文】" not in docs  # a part tag alone on its line heads what follows
    long_one = docs["车间总投资960万元，设计年加工干花椒365吨，目前吸纳64名村民就业，其中脱贫人口29人，人均月工资2900元左右。"]
    assert "石桥村" in long_one.dense_text  # 车间 points back to the workshop the line before names
    assert "港盛" not in docs["企业名称：汀溪瑞鑫公司，岗位：电工。"].dense_text
    assert not refers_back("那段时间，他每个月都来。", "汀溪的干部")


def test_a_transcripts_answer_is_indexed_with_what_its_question_asks_on(tmp_path: Path) -> None:
    """**主持人：** 这座冷库花了多少钱？ then **某某：** 这座冷库…: the answer points back past its question to
    the film that named the village."""
    from xbbot.index import make_docs

    root = tmp_path / "kb"
    write_article(root, "t1", "**【短片】** 雁峪县石桥村村口，一座冷库大门紧锁，门前长满了蒿草。\n\n"
                              "**主持人：** 贺局长，这座冷库花了多少钱？\n\n"
                              "**贺云：** 这座冷库2021年建成，使用协作资金186万元。\n\n"
                              "**主持人：** 什么时候能用起来？\n\n"
                              "**贺云：** 县供电公司12月10日前接通动力电。\n\n"
                              "**主持人：** 汀溪今年给了雁峪多少钱，用在哪些地方了？\n\n"
                              "**濮云：** 汀溪安排财政援助资金1.46亿元。")
    docs = {d.text: d for d in make_docs(load_knowledge(root))}
    cost = docs["**贺云：** 这座冷库2021年建成，使用协作资金186万元。"]
    assert "石桥村" in cost.dense_text and "石桥村" in cost.lexical_text and "石桥村" not in cost.text
    # A question naming its own subject, and an answer not pointing back, start afresh.
    assert "动力电" not in docs["**濮云：** 汀溪安排财政援助资金1.46亿元。"].dense_text
