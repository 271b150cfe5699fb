"""End to end: the real application, PTB's real HTTP client, a strict fake Bot API on 127.0.0.1,
and the real Retriever over the real knowledge base (built once per session in a tmp dir)."""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import aiohttp
import pytest
import sqlalchemy as sa
from fake_bot_api import BOT_ID, TOKEN, FakeBotApi, group_chat, message_text, private_chat, user
from conftest import ADMIN_ID, KNOWLEDGE, bot_settings, build_bot
from xbbot.bot import _file_url, build_application, run, serve
from xbbot.redaction import install_log_redaction, redact
from xbbot.config import Settings
from xbbot.errors import BotConfigError
from xbbot.live import BuildLock
from xbbot.models import Answer, Source
from xbbot.retriever import Retriever
from xbbot.store import StateStore
from xbbot.store.schema import flood_buckets
from xbbot.store.sends import OVERALL

# PTB's own RetryAfter constructor reads its deprecated int `retry_after`; nothing of ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")

ADMIN = ADMIN_ID
ALICE = user(1001, "Alice")
BOB = user(1002, "Bob", language_code="en")
TITLE = "关中平原写下“徐宝一家亲”"
URL = "http://www.86hh.com/news/yaowen/2019-08-16/437987.html"
QUESTIONS = [
    "累计落实了多少帮扶资金",
    "徐州捐给宝鸡的物资值多少钱？",
    "徐宝扶贫协作一共实施了多少个项目？",
    "徐州和宝鸡什么时候开始扶贫协作的？",
    "徐州和宝鸡共建了哪些产业园区？",
    "今天徐州天气怎么样",
]
HOSTILE = [
    "问" * 10_000,
    "<script>alert('x')</script>",
    "<b>unclosed 累计落实了多少帮扶资金",
    "&amp; &foo; &#0; & < > \" '",
    "\x00\x01\x07\x1b[31m\x7f 捐款多少",
    "\u202e\u200f\u200e捐款多少\u2066\u2069",
    "😀" * 2000,
    "👨‍👩‍👧‍👦🏳️‍🌈" * 300,
    "\n\n\n   \t  ",
    "@" * 500,
    "a" * 4096,
]


@pytest.fixture(scope="session")
def real_retriever(retriever: Retriever) -> Retriever:
    """conftest's session Retriever: the real knowledge base, encoder and FAISS, index in a tmp dir."""
    return retriever


@pytest.fixture(autouse=True)
def no_token_in_logs(caplog: pytest.LogCaptureFixture):
    """Every test: the token never appears in any log line, message or traceback."""
    caplog.set_level(logging.DEBUG)
    yield
    for record in caplog.records:
        assert TOKEN not in record.getMessage()
        assert TOKEN not in (record.exc_text or "")
    assert TOKEN not in caplog.text


class Harness:
    """The fake server and the running bot, with helpers to talk to it."""

    def __init__(self, server: FakeBotApi, settings: Settings) -> None:
        self.server = server
        self.settings = settings
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.app: Any = None

    async def start(self, retriever: Any, **kwargs: Any) -> "Harness":
        self.app = build_bot(self.settings, retriever, **kwargs)
        self.task = asyncio.create_task(serve(self.app, stop=self.stop, poll_timeout=1))
        await self.server.wait_for(lambda: self.server.method_calls("getUpdates") or self.task.done())
        if self.task.done():
            self.task.result()
        return self

    async def close(self) -> None:
        self.stop.set()
        if self.task is not None:
            await asyncio.wait_for(self.task, 10)

    def say(self, chat: dict, who: dict, text: str | None = None, **kw: Any) -> dict:
        return self.server.message(chat, who, text, **kw)

    async def reply_to(self, msg: dict, timeout: float = 10.0) -> dict:
        """The bot's (first) message answering `msg`."""
        chat_id = msg["chat"]["id"]
        found = await self.server.wait_for(
            lambda: [m for m in self.server.sent_to(chat_id) if m["reply_to_message_id"] == msg["message_id"]],
            timeout,
        )
        return found[0]

    async def ask(self, chat: dict, who: dict, text: str) -> dict:
        return await self.reply_to(self.say(chat, who, text))

    async def next_message(self, chat_id: int, after: int, timeout: float = 10.0) -> dict:
        """The first message the bot sends to `chat_id` beyond the first `after`."""
        found = await self.server.wait_for(lambda: self.server.sent_to(chat_id)[after:], timeout)
        return found[0]


def buttons(msg: dict) -> list[dict]:
    return [b for row in (msg.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


@pytest.fixture
async def start_bot(server: FakeBotApi, tmp_path: Path, real_retriever: Retriever):
    started: list[Harness] = []

    async def start(retriever: Any = None, settings: Settings | None = None, **kwargs: Any) -> Harness:
        h = Harness(server, settings or bot_settings(tmp_path, server))
        started.append(h)
        return await h.start(retriever or real_retriever, **kwargs)

    yield start
    for h in started:
        await h.close()
    # Nothing the bot sent was rejected by the strict server (except what a test provoked).
    assert not [c for c in server.calls if c.status == 400], [c.params for c in server.calls if c.status == 400]


@pytest.fixture
async def bot(start_bot: Callable[..., Any]) -> Harness:
    return await start_bot()


# -- answers -------------------------------------------------------------------------------------


async def test_answer_with_source_date_and_buttons(bot: Harness):
    chat = private_chat(1001)
    q = bot.say(chat, ALICE, "累计落实了多少帮扶资金")
    reply = await bot.reply_to(q)
    assert "<b>1.845亿元</b>" in reply["html"]
    assert TITLE in reply["text"] and f'<a href="{URL}">' in reply["html"]
    assert "据2019-08-16报道" in reply["text"]
    assert reply["parse_mode"] == "HTML"
    # typing first, then the answer
    actions = [c for c in bot.server.calls if c.method in ("sendChatAction", "sendMessage")]
    assert [c.method for c in actions] == ["sendChatAction", "sendMessage"]
    labels = [b["text"] for b in buttons(reply)]
    assert labels[-2:] == ["👍", "👎"] and len(labels) >= 3
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons(reply))


async def test_out_of_scope_is_refused_with_suggestions(bot: Harness):
    reply = await bot.ask(private_chat(1001), ALICE, "今天徐州天气怎么样")
    assert "超出了我的范围" in reply["text"]
    assert "1.845" not in reply["text"]
    labels = [b["text"] for b in buttons(reply)]
    assert labels and "👍" not in labels


async def test_empty_question_wording_differs(bot: Harness):
    chat = group_chat(5)
    reply = await bot.ask(chat, ALICE, "/ask")
    assert "请直接输入" in reply["text"] and buttons(reply)


async def test_follow_up_uses_previous_question(bot: Harness):
    chat = private_chat(1001)
    first = await bot.ask(chat, ALICE, "捐款多少")
    assert "273.9万元" in first["text"]
    second = await bot.ask(chat, ALICE, "物资呢？")
    assert "360万" in second["text"]


async def test_a_question_declined_for_lacking_what_was_asked_stays_the_context(start_bot: Callable[..., Any],
                                                                                 real_retriever: Retriever):
    """他 after a declined 担任什么职务 is still the person asked about; an off-topic or a low-confidence
    question in between leaves the chain as it was."""
    reasons = {"方立新在枫岭县担任什么职务": "not_answered", "枫岭县明天天气怎么样": "out_of_scope",
               "随便问问": "low_confidence", "他去枫岭县多久了": ""}
    contexts: list[tuple[str, ...]] = []

    class Scripted:
        def __getattr__(self, name: str) -> Any:
            return getattr(real_retriever, name)

        def answer(self, question: str, context: Any = ()) -> Answer:
            contexts.append(tuple(context))
            if not reasons[question]:
                return replace(real_retriever.answer("累计落实了多少帮扶资金"), question=question)
            declined = real_retriever.answer("今天徐州天气怎么样")
            assert not declined.answered
            return replace(declined, question=question, reason=reasons[question])

    bot = await start_bot(retriever=Scripted())
    chat = private_chat(1001)
    for question in reasons:
        assert (await bot.ask(chat, ALICE, question))["text"]
    assert contexts == [(), ("方立新在枫岭县担任什么职务",), ("方立新在枫岭县担任什么职务",), ("方立新在枫岭县担任什么职务",)]


async def test_context_and_buttons_survive_a_restart(start_bot: Callable[..., Any]):
    """The follow-up context and the button keys live in the state store, not in the process."""
    chat = private_chat(1001)
    first = await start_bot()
    reply = await first.ask(chat, ALICE, "捐款多少")
    assert "273.9万元" in reply["text"]
    await first.close()
    again = await start_bot()
    assert "360万" in (await again.ask(chat, ALICE, "物资呢？"))["text"]
    related = buttons(reply)[0]
    before = len(again.server.sent_to(chat["id"]))
    qid = again.server.press(ALICE, reply, related["callback_data"])
    answered = await again.server.wait_for(
        lambda: [a for a in again.server.callback_answers if a["callback_query_id"] == qid])
    assert "过期" not in (answered[0].get("text") or "")
    assert (await again.next_message(chat["id"], before))["text"]


async def test_english_question_gets_english_labels(bot: Harness):
    reply = await bot.ask(private_chat(1002), BOB, "How much aid money has Xuzhou provided to Baoji in total?")
    assert "Source:" in reply["text"] or "outside what I know" in reply["text"] or "no reliable answer" in reply["text"]


# -- buttons -------------------------------------------------------------------------------------


async def test_related_question_button_asks_it(bot: Harness):
    chat = private_chat(1001)
    reply = await bot.ask(chat, ALICE, "累计落实了多少帮扶资金")
    related = buttons(reply)[0]
    before = len(bot.server.sent_to(chat["id"]))
    qid = bot.server.press(ALICE, reply, related["callback_data"])
    answer = await bot.next_message(chat["id"], before)
    assert qid in [a["callback_query_id"] for a in bot.server.callback_answers]
    assert "来源" in answer["text"] or "抱歉" in answer["text"]


async def test_expired_button_is_acknowledged(bot: Harness):
    chat = private_chat(1001)
    reply = await bot.ask(chat, ALICE, "累计落实了多少帮扶资金")
    before = len(bot.server.sent_to(chat["id"]))
    for data in ["q:doesnotexist", "zzz", "f:abc:u"]:
        qid = bot.server.press(ALICE, reply, data)
        answered = await bot.server.wait_for(
            lambda: [a for a in bot.server.callback_answers if a["callback_query_id"] == qid])
        assert "过期" in answered[0]["text"]
    await asyncio.sleep(0.2)
    assert len(bot.server.sent_to(chat["id"])) == before


async def test_feedback_buttons_record_and_acknowledge(bot: Harness):
    chat = private_chat(1001)
    reply = await bot.ask(chat, ALICE, "累计落实了多少帮扶资金")
    up = next(b for b in buttons(reply) if b["text"] == "👍")
    qid = bot.server.press(ALICE, reply, up["callback_data"])
    answered = await bot.server.wait_for(lambda: [a for a in bot.server.callback_answers if a["callback_query_id"] == qid])
    assert "谢谢" in answered[0]["text"]
    await bot.server.wait_for(lambda: bot.server.edits)
    assert "👍" not in [b["text"] for b in buttons(bot.server.sent_to(chat["id"])[-1])]
    reply2 = await bot.ask(chat, BOB, "捐款多少")
    down = next(b for b in buttons(reply2) if b["text"] == "👎")
    qid2 = bot.server.press(BOB, reply2, down["callback_data"])
    await bot.server.wait_for(lambda: [a for a in bot.server.callback_answers if a["callback_query_id"] == qid2])
    with StateStore.from_settings(bot.settings) as store:  # as another replica sees it
        stats = store.stats()
    assert (stats.thumbs_up, stats.thumbs_down, stats.questions, stats.answered) == (1, 1, 2, 2)


# -- inline mode ---------------------------------------------------------------------------------


async def test_inline_query_answers_and_examples(bot: Harness):
    qid = bot.server.inline(ALICE, "累计落实了多少帮扶资金")
    got = await bot.server.wait_for(lambda: [a for a in bot.server.inline_answers if a["inline_query_id"] == qid])
    results = got[0]["results"]
    assert results and "1.845亿元" in results[0]["_text"] and TITLE in results[0]["_text"]
    assert int(got[0]["cache_time"]) <= 60
    qid = bot.server.inline(ALICE, "")
    got = await bot.server.wait_for(lambda: [a for a in bot.server.inline_answers if a["inline_query_id"] == qid])
    assert len(got[0]["results"]) >= 2
    qid = bot.server.inline(ALICE, "今天徐州天气怎么样")
    got = await bot.server.wait_for(lambda: [a for a in bot.server.inline_answers if a["inline_query_id"] == qid])
    assert got[0]["results"] == [] and got[0]["button"]["start_parameter"] == "help"


# -- groups --------------------------------------------------------------------------------------


async def test_group_mention_reply_and_ask_answered_chatter_ignored(bot: Harness):
    chat = group_chat(777)
    chatter = bot.say(chat, ALICE, "大家好，今天开会吗？")
    other_bot = bot.say(chat, ALICE, "/ask@some_other_bot 累计落实了多少帮扶资金")
    mention = await bot.ask(chat, ALICE, f"@{bot.server.username} 累计落实了多少帮扶资金")
    assert "1.845亿元" in mention["text"]
    replied = bot.server._messages[(chat["id"], mention["message_id"])]
    reply = await bot.reply_to(bot.say(chat, BOB, "徐州捐给宝鸡的物资值多少钱？", reply_to=replied))
    assert "360万元" in reply["text"]
    ask = await bot.ask(chat, BOB, "/ask 徐宝扶贫协作一共实施了多少个项目？")
    assert "80个" in ask["text"]
    ask_at = await bot.ask(chat, BOB, f"/ask@{bot.server.username} 累计落实了多少帮扶资金")
    assert "1.845亿元" in ask_at["text"]
    sticker = bot.say(chat, ALICE, sticker={"file_id": "x", "file_unique_id": "y", "width": 1, "height": 1,
                                             "is_animated": False, "is_video": False, "type": "regular"})
    await asyncio.sleep(0.3)
    answered = {m["reply_to_message_id"] for m in bot.server.sent_to(chat["id"])}
    assert chatter["message_id"] not in answered and other_bot["message_id"] not in answered
    assert sticker["message_id"] not in answered
    assert len(bot.server.sent_to(chat["id"])) == 4


# -- commands ------------------------------------------------------------------------------------


async def test_start_and_help_in_both_languages(bot: Harness, real_retriever: Retriever):
    chat = private_chat(1001)
    bot.say(chat, ALICE, "/start")
    zh = await bot.next_message(chat["id"], 0)
    newest = real_retriever.sources[0]  # /start lists the newest few, whatever the knowledge holds
    assert "徐州—宝鸡" in zh["text"] and newest.title in zh["text"] and newest.date in zh["text"]
    assert len(buttons(zh)) >= 2 and all(b["callback_data"].startswith("q:") for b in buttons(zh))
    en_chat = private_chat(1002)
    bot.say(en_chat, BOB, "/help")
    en = await bot.next_message(en_chat["id"], 0)
    assert "Xuzhou–Baoji" in en["text"] and all(re.search("[A-Za-z]", b["text"]) for b in buttons(en))
    press = bot.server.press(BOB, en, buttons(en)[0]["callback_data"])
    await bot.next_message(en_chat["id"], 1)
    assert press in [a["callback_query_id"] for a in bot.server.callback_answers]
    assert bot.server.commands, "the command menu is set at startup"


async def test_the_english_dictionary_is_read_at_startup_not_at_the_first_english_question(
    start_bot: Callable[..., Any],
):
    from xbbot.dictionary import english_index

    english_index.cache_clear()
    bot = await start_bot()
    await bot.server.wait_for(lambda: english_index.cache_info().currsize == 1, timeout=30)
    reply = await bot.ask(private_chat(1001), ALICE, "How much assistance money was secured in total?")
    assert "1.845" in reply["text"]


async def test_non_text_and_unknown_command_in_private(bot: Harness):
    chat = private_chat(1001)
    photo = bot.say(chat, ALICE, photo=[{"file_id": "p", "file_unique_id": "p1", "width": 10, "height": 10}])
    assert "文字" in (await bot.reply_to(photo))["text"]
    voice = bot.say(chat, ALICE, voice={"file_id": "v", "file_unique_id": "v1", "duration": 3})
    assert "文字" in (await bot.reply_to(voice))["text"]
    bot.say(chat, ALICE, "/nonsense")
    assert "/help" in (await bot.next_message(chat["id"], 2))["text"]


async def test_admin_stats_and_non_admin_refusal(bot: Harness):
    chat = private_chat(1001)
    await bot.ask(chat, ALICE, "累计落实了多少帮扶资金")
    await bot.ask(chat, ALICE, "今天徐州天气怎么样")
    n = len(bot.server.sent_to(chat["id"]))
    for command in ["/stats", "/reindex"]:
        bot.say(chat, ALICE, command)
        refusal = await bot.next_message(chat["id"], n)
        n += 1
        assert refusal["text"] == "此命令仅限管理员使用。"
    admin_chat = private_chat(ADMIN)
    bot.say(admin_chat, user(ADMIN, "Admin"), "/stats")
    stats = await bot.next_message(ADMIN, 0)
    assert "问题：2" in stats["text"] and "50%" in stats["text"] and "今天徐州天气怎么样 ×1" in stats["text"]


async def test_reindex_swaps_while_answering(start_bot: Callable[..., Any], real_retriever: Retriever, tmp_path: Path):
    gate = threading.Event()
    rebuilt: list[Settings] = []

    def slow_rebuild(settings: Settings) -> Any:
        assert gate.wait(10)
        rebuilt.append(settings)
        return real_retriever  # a fresh load of the same index would do the same, slower

    bot = await start_bot(rebuild=slow_rebuild)
    admin = private_chat(ADMIN)
    bot.say(admin, user(ADMIN), "/reindex")
    assert "正在重建" in (await bot.next_message(ADMIN, 0))["text"]
    bot.say(admin, user(ADMIN), "/reindex")
    assert "重建中" in (await bot.next_message(ADMIN, 1))["text"]
    # Users are answered while the rebuild runs.
    assert "1.845亿元" in (await bot.ask(private_chat(1001), ALICE, "累计落实了多少帮扶资金"))["text"]
    gate.set()
    assert f"索引已更新：{len(real_retriever.sources)} 篇" in (await bot.next_message(ADMIN, 2))["text"]
    assert rebuilt and bot.app.bot_data["xbbot"].retriever is real_retriever


async def test_reindex_is_refused_while_another_replica_rebuilds(start_bot: Callable[..., Any], server: FakeBotApi,
                                                                 tmp_path: Path):
    rebuilt: list[Settings] = []
    settings = bot_settings(tmp_path, server, index_dir=tmp_path / "shared-ix")
    bot = await start_bot(settings=settings, rebuild=lambda s: rebuilt.append(s))
    other = BuildLock(settings.index_dir)  # what another replica's /reindex holds
    assert other.acquire()
    admin = private_chat(ADMIN)
    bot.say(admin, user(ADMIN), "/reindex")
    assert "重建中" in (await bot.next_message(ADMIN, 0))["text"]
    other.release()
    assert not rebuilt and not BuildLock(settings.index_dir).held


async def test_reindex_error_is_one_line_and_old_index_stays(start_bot: Callable[..., Any], server: FakeBotApi,
                                                           tmp_path: Path):
    broken = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, broken)
    facts = broken / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n- id: [broken\n", encoding="utf-8")
    settings = bot_settings(tmp_path, server, knowledge_dir=broken, index_dir=tmp_path / "ix")
    bot = await start_bot(settings=settings, rebuild=Retriever.rebuild)
    admin = private_chat(ADMIN)
    bot.say(admin, user(ADMIN), "/reindex")
    failed = await bot.next_message(ADMIN, 1, timeout=60)
    assert failed["text"].startswith("重建失败") and "\n" not in failed["text"]
    assert "Traceback" not in failed["text"]
    assert "1.845亿元" in (await bot.ask(private_chat(1001), ALICE, "累计落实了多少帮扶资金"))["text"]


# -- reliability ---------------------------------------------------------------------------------


async def test_429_is_retried_after_retry_after(bot: Harness):
    bot.server.fail("sendMessage", 1, retry_after=1)
    chat = private_chat(1001)
    reply = await bot.ask(chat, ALICE, "累计落实了多少帮扶资金")
    assert "1.845亿元" in reply["text"]
    sends = bot.server.method_calls("sendMessage")
    assert [c.status for c in sends] == [429, 200]
    assert sends[1].at - sends[0].at >= 1.0
    assert len(bot.server.sent_to(chat["id"])) == 1


async def test_timed_out_send_is_not_sent_twice(start_bot: Callable[..., Any], caplog: pytest.LogCaptureFixture):
    bot = await start_bot(read_timeout=0.5)
    bot.server.slow("sendMessage", 1.5)
    chat = private_chat(1001)
    q = bot.say(chat, ALICE, "累计落实了多少帮扶资金")
    await bot.reply_to(q)
    await asyncio.sleep(2.0)
    assert len(bot.server.sent_to(chat["id"])) == 1
    assert len(bot.server.method_calls("sendMessage")) == 1
    assert any("TimedOut" in r.getMessage() for r in caplog.records)
    # and the bot carries on
    assert "360万元" in (await bot.ask(chat, ALICE, "徐州捐给宝鸡的物资值多少钱？"))["text"]


async def test_polling_network_error_is_retried(bot: Harness):
    bot.server.fail("getUpdates", 1, status=502, retry_after=None, description="Bad Gateway")
    # the long poll in flight returns; the next one fails with 502; PTB backs off and polls again
    await bot.server.wait_for(lambda: [c for c in bot.server.method_calls("getUpdates") if c.status == 502])
    reply = await bot.ask(private_chat(1001), ALICE, "累计落实了多少帮扶资金")
    assert "1.845亿元" in reply["text"]


async def test_failing_update_does_not_stop_the_bot(start_bot: Callable[..., Any], real_retriever: Retriever,
                                                    caplog: pytest.LogCaptureFixture):
    class Flaky:
        def __getattr__(self, name: str) -> Any:
            return getattr(real_retriever, name)

        def answer(self, question: str, context: Any = ()) -> Answer:
            if "boom" in question:
                raise RuntimeError("retriever exploded")
            return real_retriever.answer(question, context)

    bot = await start_bot(retriever=Flaky())
    chat = private_chat(1001)
    bot.say(chat, ALICE, "boom")
    apology = await bot.next_message(chat["id"], 0)
    assert "出错" in apology["text"]
    assert "1.845亿元" in (await bot.ask(chat, ALICE, "累计落实了多少帮扶资金"))["text"]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR and "unhandled" in r.getMessage()]
    assert errors and "chat 1001" in errors[0].getMessage() and "update " in errors[0].getMessage()


async def test_rate_limit_warns_once_per_window(start_bot: Callable[..., Any], server: FakeBotApi, tmp_path: Path):
    bot = await start_bot(settings=bot_settings(tmp_path, server, rate_limit=3))
    chat = private_chat(1001)
    for i in range(7):
        bot.say(chat, ALICE, QUESTIONS[i % 3])
    await bot.server.wait_for(lambda: len(bot.server.sent_to(chat["id"])) >= 4)
    await asyncio.sleep(0.3)
    texts = [m["text"] for m in bot.server.sent_to(chat["id"])]
    assert len(texts) == 4 and sum("太快" in t for t in texts) == 1
    # another user is not affected
    assert "1.845亿元" in (await bot.ask(private_chat(1002), BOB, "累计落实了多少帮扶资金"))["text"]


async def test_flood_of_300_messages_from_50_chats(bot: Harness, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO)  # PTB's DEBUG lines for 900 requests would dominate the run time
    sent = []
    for i in range(300):
        chat = private_chat(2000 + i % 50) if i % 5 else group_chat(3000 + i % 50)
        text = QUESTIONS[i % len(QUESTIONS)]
        if chat["type"] != "private":
            text = f"@{bot.server.username} {text}"
        sent.append(bot.say(chat, user(2000 + i % 50), text))
    # A liveness bound, not a speed test: on a loaded CI machine this takes tens of seconds.
    await bot.server.wait_for(lambda: len(bot.server.sent) >= 300, timeout=90)
    await asyncio.sleep(0.3)
    replies = [(m["chat"]["id"], m["reply_to_message_id"]) for m in bot.server.sent]
    assert sorted(replies) == sorted((m["chat"]["id"], m["message_id"]) for m in sent)  # none lost, none twice
    for chat_id in {c for c, _ in replies}:  # each chat's questions answered in the order asked
        order = [r for c, r in replies if c == chat_id]
        assert order == sorted(order)


async def test_long_answer_is_split_with_quote_first_and_buttons_last(start_bot: Callable[..., Any],
                                                                       real_retriever: Retriever):
    class Verbose:
        def __getattr__(self, name: str) -> Any:
            return getattr(real_retriever, name)

        def answer(self, question: str, context: Any = ()) -> Answer:
            a = real_retriever.answer("累计落实了多少帮扶资金")
            long_text = "\n".join(f"第{i}段：累计落实帮扶资金1.845亿元 <&> " + "很长的说明" * 30 for i in range(60))
            return replace(a, text=long_text + "x" * 5000)

    bot = await start_bot(retriever=Verbose())
    chat = private_chat(1001)
    q = bot.say(chat, ALICE, "长答案")
    await bot.server.wait_for(lambda: any("来源" in m["text"] for m in bot.server.sent_to(chat["id"])))
    parts = bot.server.sent_to(chat["id"])
    assert len(parts) >= 3 and all(len(m["text"].encode("utf-16-le")) // 2 <= 4096 for m in parts)
    assert parts[0]["reply_to_message_id"] == q["message_id"] and all(m["reply_to_message_id"] is None for m in parts[1:])
    assert buttons(parts[-1]) and not any(buttons(m) for m in parts[:-1])
    assert sum(m["text"].count("1.845亿元") for m in parts) >= 60


async def test_hostile_inputs_are_answered_and_accepted(bot: Harness):
    chat = private_chat(1001)
    for i, text in enumerate(HOSTILE):
        reply = await bot.ask(private_chat(4000 + i), user(4000 + i), text)
        assert reply["text"]
    assert "1.845亿元" in (await bot.ask(chat, ALICE, "累计落实了多少帮扶资金"))["text"]
    assert not [c for c in bot.server.calls if c.status >= 400]


# -- startup and configuration -------------------------------------------------------------------


async def test_missing_or_malformed_token(tmp_path: Path, real_retriever: Retriever):
    for token in [None, "", "not a token", "123:abc def"]:
        settings = Settings(telegram_token=token, feedback_db=tmp_path / "fb.sqlite3")
        with pytest.raises(BotConfigError) as info:
            build_application(settings, real_retriever)
        assert "\n" not in str(info.value) and (not token or token not in str(info.value))
        with pytest.raises(BotConfigError):
            run(settings)


async def test_wrong_token_and_unreachable_server(server: FakeBotApi, tmp_path: Path, real_retriever: Retriever):
    wrong = "987654321:AAwrongTOKENwrongTOKENwrongTOKEN"
    settings = bot_settings(tmp_path, server, telegram_token=wrong)
    app = build_application(settings, real_retriever)
    with pytest.raises(BotConfigError) as info:
        await serve(app, stop=asyncio.Event())
    assert "rejected the bot token" in str(info.value) and wrong not in str(info.value) and "\n" not in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__

    dead = await _closed_port()
    settings = bot_settings(tmp_path, server, telegram_api_base_url=f"http://127.0.0.1:{dead}/bot")
    app = build_application(settings, real_retriever)
    with pytest.raises(BotConfigError) as info:
        await serve(app, stop=asyncio.Event())
    assert "cannot reach" in str(info.value) and TOKEN not in str(info.value) and "\n" not in str(info.value)


async def test_token_is_masked_in_library_logs(bot: Harness, caplog: pytest.LogCaptureFixture):
    logging.getLogger("httpx").setLevel(logging.INFO)
    await bot.ask(private_chat(1001), ALICE, "捐款多少")
    assert "<redacted>" in caplog.text  # httpx logged request URLs, masked


async def test_webhook_checks_the_secret(start_bot: Callable[..., Any], server: FakeBotApi, tmp_path: Path,
                                         real_retriever: Retriever):
    port = await _closed_port()
    settings = bot_settings(tmp_path, server, webhook_secret="s3cret_Value-123", webhook_listen="127.0.0.1",
                             webhook_port=port)
    h = Harness(server, settings)
    h.app = build_bot(settings, real_retriever)
    h.task = asyncio.create_task(serve(h.app, stop=h.stop, webhook_url=f"http://127.0.0.1:{port}/xbbot/hook"))
    try:
        await server.wait_for(lambda: server.webhook.get("url"))
        assert server.webhook["secret_token"] == "s3cret_Value-123"
        # The server listens before setWebhook is called; checked anyway, as Telegram would find it.
        await _listening(port)
        chat = private_chat(1001)
        server._remember_chat(chat)
        update = {"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": chat, "from": ALICE,
                                              "text": "累计落实了多少帮扶资金"}}
        url = f"http://127.0.0.1:{port}/xbbot/hook"
        async with aiohttp.ClientSession() as http:
            async with http.post(url, json=update) as r:
                assert r.status == 403
            async with http.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}) as r:
                assert r.status == 403
            async with http.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret_Value-123"}) as r:
                assert r.status == 200
        reply = await server.wait_for(lambda: server.sent_to(1001))
        assert "1.845亿元" in reply[0]["text"]
        assert not server.method_calls("getUpdates")
    finally:
        await h.close()


async def _closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    srv = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    srv.close()
    await srv.wait_closed()
    return port


async def _listening(port: int, timeout: float = 10.0) -> None:
    """Return once something accepts connections on 127.0.0.1:`port`; fail after `timeout`."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"nothing listens on port {port} after {timeout}s") from None
            await asyncio.sleep(0.05)
            continue
        writer.close()
        await writer.wait_closed()
        return


# -- the small parts -----------------------------------------------------------------------------


def test_file_url_and_redaction():
    assert _file_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert _file_url("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"
    install_log_redaction(TOKEN)
    assert TOKEN not in redact(f"GET /bot{TOKEN}/getMe")


def test_bot_id_constant_matches():
    assert TOKEN.startswith(f"{BOT_ID}:")


def test_cli_serve_without_token_is_one_line(tmp_path: Path):
    from click.testing import CliRunner

    from xbbot.cli import cli

    env = {"TELEGRAM_BOT_TOKEN": "", "XBBOT_CONFIG": "", "XBBOT_FEEDBACK_DB": str(tmp_path / "fb.sqlite3")}
    result = CliRunner().invoke(cli, ["serve", "--port", "8444"], env=env)
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: no Telegram bot token") and len(result.output.strip().splitlines()) == 1


# -- the timeline, the sources, the welcome (the 扬州–榆林 knowledge of conftest) ----------------


@pytest.fixture
async def pair_bot(start_bot: Callable[..., Any], pair_retriever: Retriever) -> Harness:
    return await start_bot(retriever=pair_retriever)


def _dated_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"^\d{4}(-\d{2}){0,2} ", line)]


async def test_timeline_pages_with_buttons_edited_in_place(pair_bot: Harness):
    chat = private_chat(1001)
    pair_bot.say(chat, ALICE, "/timeline")
    first = await pair_bot.next_message(chat["id"], 0)
    lines = _dated_lines(first["text"])
    assert "大事记 (1/2)" in first["text"] and len(lines) == 8
    assert lines[0].startswith("2017-04 扬州与榆林正式结对 — 《扬州榆林结对帮扶启动》")
    assert lines[1].startswith("2018 两市首次互派挂职干部")
    assert "<b>2017-04</b>" in first["html"] and '<a href="http://example.com/yangyu-2017.html">' in first["html"]
    assert [b["text"] for b in buttons(first)] == ["▶"]

    qid = pair_bot.server.press(ALICE, first, buttons(first)[0]["callback_data"])
    edit = (await pair_bot.server.wait_for(lambda: pair_bot.server.edits))[0]
    assert qid in [a["callback_query_id"] for a in pair_bot.server.callback_answers]
    assert int(edit["message_id"]) == first["message_id"] and len(pair_bot.server.sent_to(chat["id"])) == 1
    page2 = message_text(edit["text"], "HTML")
    assert "(2/2)" in page2 and len(_dated_lines(page2)) == 2
    assert "2021-03-10 两市签署“十四五”协作框架协议" in page2 and "2017-04" not in page2
    assert [b["text"] for row in edit["reply_markup"]["inline_keyboard"] for b in row] == ["◀"]

    # The server holds the edited message; ◀ under it brings page 1 back.
    back_data = edit["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    pair_bot.server.press(ALICE, first, back_data)
    back = (await pair_bot.server.wait_for(lambda: pair_bot.server.edits[1:]))[0]
    assert message_text(back["text"], "HTML") == first["text"]
    assert [b["text"] for row in back["reply_markup"]["inline_keyboard"] for b in row] == ["▶"]


async def test_timeline_in_english_and_stale_pages(pair_bot: Harness):
    chat = private_chat(1002)
    pair_bot.say(chat, BOB, "/timeline")
    first = await pair_bot.next_message(chat["id"], 0)
    assert "Timeline (1/2)" in first["text"]
    assert "2017-04 Yangzhou and Yulin paired up — 扬州榆林结对帮扶启动" in first["text"]
    # A page past the end (the timeline shrank after a reindex) shows the last page; junk data expires.
    data = buttons(first)[0]["callback_data"]
    pair_bot.server.press(BOB, first, data.replace(":1:", ":99:"))
    edit = (await pair_bot.server.wait_for(lambda: pair_bot.server.edits))[0]
    assert "(2/2)" in message_text(edit["text"], "HTML")
    qid = pair_bot.server.press(BOB, first, "t:x:en")
    answered = await pair_bot.server.wait_for(
        lambda: [a for a in pair_bot.server.callback_answers if a["callback_query_id"] == qid])
    assert "expired" in answered[0]["text"]


async def test_sources_lists_all_newest_first_with_notes_marked(pair_bot: Harness):
    chat = private_chat(1001)
    pair_bot.say(chat, ALICE, "/sources")
    msg = await pair_bot.next_message(chat["id"], 0)
    lines = [line for line in msg["text"].splitlines() if line.startswith("•")]
    assert lines == [
        "• 2023-01-20 苏陕协作2022年成效发布 · 陕西日报 · 摘要 · （省级数据）",
        "• 2021-03-10 扬州榆林签署“十四五”协作框架协议 · 榆林日报 · 摘要",
        "• 2017-04-05 扬州榆林结对帮扶启动 · 扬州日报",
    ]
    assert '<a href="http://example.com/sushaan-2022.html">' in msg["html"]


async def test_start_shows_the_span_and_the_newest_sources(pair_bot: Harness):
    chat = private_chat(1001)
    pair_bot.say(chat, ALICE, "/start")
    msg = await pair_bot.next_message(chat["id"], 0)
    # Reports from 2017 to 2023; the milestones reach back no further than 2017.
    assert "资料覆盖 2017–2023 年" in msg["text"]
    assert "苏陕协作2022年成效发布（2023-01-20）" in msg["text"] and "/timeline" in msg["text"]
    menus = {c.get("language_code"): [x["command"] for x in c["commands"]] for c in pair_bot.server.commands}
    assert {"timeline", "sources"} <= set(menus[None]) and {"timeline", "sources"} <= set(menus["en"])


async def test_start_lists_only_the_newest_five(start_bot: Callable[..., Any], pair_retriever: Retriever):
    class ManySources:
        def __getattr__(self, name: str) -> Any:
            return getattr(pair_retriever, name)

        @property
        def sources(self) -> list[Source]:
            return [Source(f"s{i}", f"报道{i}", f"{2010 + i}-01-01", "http://example.com") for i in range(12)][::-1]

    bot = await start_bot(retriever=ManySources())
    chat = private_chat(1001)
    bot.say(chat, ALICE, "/start")
    msg = await bot.next_message(chat["id"], 0)
    listed = [line for line in msg["text"].splitlines() if line.startswith("•")]
    assert [line.split("（")[0] for line in listed] == ["• 报道11", "• 报道10", "• 报道9", "• 报道8", "• 报道7"]
    assert "共 12 篇" in msg["text"] and "2010–2021" in msg["text"]


async def test_questions_about_the_course_point_to_the_timeline(pair_bot: Harness):
    chat = private_chat(1001)
    course = await pair_bot.ask(chat, ALICE, "这几年扬州和榆林的协作有什么变化？")
    assert "历年大事见 /timeline" in course["text"]
    en = await pair_bot.ask(private_chat(1002), BOB, "How has the cooperation changed over the years?")
    assert "Milestones year by year: /timeline" in en["text"]
    plain = await pair_bot.ask(chat, ALICE, "扬州给了榆林多少帮扶资金？")
    assert "5600万元" in plain["text"] and "/timeline" not in plain["text"]


async def test_old_state_is_expired_by_the_running_bot(start_bot: Callable[..., Any], server: FakeBotApi,
                                                       tmp_path: Path):
    settings = bot_settings(tmp_path, server)
    with StateStore.from_settings(settings) as store:
        store.record_question(question="很久以前的问题", answered=False, confidence=0.0, reason="low_confidence", at=1.0)
        assert store.stats().questions == 1
        await start_bot(settings=settings)
        await server.wait_for(lambda: store.stats().questions == 0)


async def test_fleet_rate_limiter_is_the_default_and_retries_429(start_bot: Callable[..., Any]):
    """Without a rate_limiter argument the bot throttles through the store (FleetRateLimiter)."""
    from xbbot.flood import FleetRateLimiter

    bot = await start_bot(rate_limiter=None)
    assert isinstance(bot.app.bot.rate_limiter, FleetRateLimiter)
    bot.server.fail("sendMessage", 1, retry_after=1)
    chat = private_chat(1001)
    asked_at = time.time()
    reply = await bot.ask(chat, ALICE, "累计落实了多少帮扶资金")
    assert "1.845亿元" in reply["text"]
    sends = bot.server.method_calls("sendMessage")
    assert [c.status for c in sends] == [429, 200] and sends[1].at - sends[0].at >= 1.0
    assert len(bot.server.sent_to(chat["id"])) == 1
    # The 429 held back every replica: the block is in the shared store, not in this process.
    with StateStore.from_settings(bot.settings) as store, store._engine.connect() as conn:
        blocked = conn.execute(sa.select(flood_buckets.c.blocked_until)
                               .where(flood_buckets.c.bucket == OVERALL)).scalar_one()
    assert blocked >= asked_at + 1.0
