"""A strict, scriptable Telegram Bot API server on 127.0.0.1 for end-to-end tests.

It speaks the real wire protocol (form or JSON requests, `{"ok": …}` JSON responses with real
HTTP status codes) for the methods xbbot uses, validates what Telegram validates (HTML
entities, message length in UTF-16 units, callback_data size, inline results), and can be
told to answer 429 or to respond slowly. Tests inject updates and wait for what the bot sent.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Callable

from aiohttp import web

TOKEN = "123456789:AAHtestTOKENtestTOKENtestTOKEN_xbbot"
BOT_USERNAME = "xbbot_test_bot"
BOT_ID = 123456789
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64

ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "span", "tg-spoiler", "blockquote", "tg-emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#(\d+)|#x([0-9a-fA-F]+));")
_DATA_PARAMS = {
    "reply_markup", "reply_parameters", "results", "commands", "allowed_updates",
    "link_preview_options", "entities", "button", "scope",
}


class ApiError(Exception):
    """A Bot API error response."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _TelegramHTML(HTMLParser):
    """Telegram's HTML parse mode: a few tags, four named entities, everything closed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.text: list[str] = []
        self.stack: list[str] = []
        self.error: str | None = None

    def _fail(self, message: str) -> None:
        if self.error is None:
            self.error = message

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag not in ALLOWED_TAGS:
            self._fail(f'Unsupported start tag "{tag}"')
        elif tag == "a" and not a.get("href"):
            self._fail('Can\'t find "href" attribute of tag "a"')
        elif tag == "span" and a.get("class") != "tg-spoiler":
            self._fail('Tag "span" must have class "tg-spoiler"')
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._fail(f'Unsupported start tag "{tag}/"')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            self._fail(f'Unexpected end tag "{tag}"')
        elif self.stack[-1] != tag:
            self._fail(f'Can\'t find end tag corresponding to start tag "{self.stack[-1]}"')
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data:
            self._fail("Unexpected character '<'")
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in _NAMED_ENTITIES:
            self._fail(f'Unsupported HTML entity "&{name};"')
        self.text.append(_NAMED_ENTITIES.get(name, ""))

    def handle_charref(self, name: str) -> None:
        try:
            self.text.append(chr(int(name[1:], 16) if name[:1] in "xX" else int(name)))
        except (ValueError, OverflowError):
            self._fail(f'Invalid character reference "&#{name};"')

    def handle_comment(self, data: str) -> None:
        self._fail("Unsupported comment")

    def handle_decl(self, decl: str) -> None:
        self._fail("Unsupported declaration")

    def unknown_decl(self, data: str) -> None:
        self._fail("Unsupported declaration")

    def handle_pi(self, data: str) -> None:
        self._fail("Unsupported processing instruction")


def parse_html(text: str) -> str:
    """The plain text Telegram would show for `text` in HTML mode, or ApiError 400."""
    # Every '&' must start one of the entities Telegram knows, with its semicolon.
    for m in re.finditer("&", text):
        if not _ENTITY.match(text, m.start()):
            raise ApiError(400, f"Bad Request: can't parse entities: Character '&' is reserved at byte offset {len(text[: m.start()].encode())}")
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    if parser.error is None and parser.rawdata:
        parser.error = "Unclosed start tag"
    if parser.error is None and parser.stack:
        parser.error = f'Can\'t find end tag corresponding to start tag "{parser.stack[-1]}"'
    if parser.error is not None:
        raise ApiError(400, f"Bad Request: can't parse entities: {parser.error}")
    return "".join(parser.text)


def message_text(text: str | None, parse_mode: str | None) -> str:
    """Validate a message text like Telegram does; return the visible text."""
    if text is None:
        raise ApiError(400, "Bad Request: message text is empty")
    if parse_mode and parse_mode.upper() == "HTML":
        plain = parse_html(text)
    elif parse_mode:
        raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode!r} in this fake server")
    else:
        plain = text
    plain = plain.strip()
    if not plain:
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_len(plain) > MAX_TEXT:
        raise ApiError(400, "Bad Request: message is too long")
    return plain


def check_markup(markup: Any) -> None:
    """An InlineKeyboardMarkup as Telegram checks it."""
    if markup is None:
        return
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    for row in markup["inline_keyboard"]:
        for button in row:
            if not str(button.get("text", "")).strip():
                raise ApiError(400, "Bad Request: BUTTON_TEXT_EMPTY")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            if "url" in button and not re.match(r"^(https?|tg)://", str(button["url"])):
                raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")


@dataclass
class Fault:
    """A scripted misbehaviour for the next `times` calls of a method."""

    times: int
    status: int = 429
    retry_after: int | None = 1
    delay: float = 0.0
    description: str = "Too Many Requests: retry after 1"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float
    status: int = 200


@dataclass
class FakeBotApi:
    """The server. `await start()`, inject updates, `await wait_for(...)`, `await stop()`."""

    token: str = TOKEN
    username: str = BOT_USERNAME
    calls: list[Call] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    edits: list[dict[str, Any]] = field(default_factory=list)
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    inline_answers: list[dict[str, Any]] = field(default_factory=list)
    chat_actions: list[dict[str, Any]] = field(default_factory=list)
    commands: list[dict[str, Any]] = field(default_factory=list)
    webhook: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1000)
        self._message_ids: dict[int, itertools.count] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._callback_ids: dict[str, bool] = {}
        self._inline_ids: dict[str, bool] = {}
        self._ids = itertools.count(1)
        self._faults: dict[str, list[Fault]] = {}
        self._new_update = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.port = 0

    # -- lifecycle --------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """PTB's base_url for this server (the token is appended by PTB)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def bot_user(self) -> dict[str, Any]:
        return {
            "id": BOT_ID, "is_bot": True, "first_name": "徐宝扶贫问答", "username": self.username,
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True,
        }

    async def start(self) -> str:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self.base_url

    async def stop(self) -> None:
        self._closing = True
        self._new_update.set()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- scripting --------------------------------------------------------------------------

    def fail(self, method: str, times: int = 1, *, status: int = 429, retry_after: int | None = 1,
             description: str | None = None) -> None:
        """The next `times` calls of `method` get `status` (429 with retry_after by default)."""
        desc = description or (f"Too Many Requests: retry after {retry_after}" if status == 429 else "Internal Server Error")
        self._faults.setdefault(method, []).append(Fault(times, status, retry_after, 0.0, desc))

    def slow(self, method: str, seconds: float, times: int = 1) -> None:
        """The next `times` calls of `method` are processed, then answered after `seconds`."""
        self._faults.setdefault(method, []).append(Fault(times, 200, None, seconds))

    # -- updates the "users" send -----------------------------------------------------------

    def _remember_chat(self, chat: dict[str, Any]) -> None:
        self._chats[chat["id"]] = chat

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue a raw update (an update_id is assigned)."""
        update = {"update_id": next(self._update_ids), **update}
        self._updates.append(update)
        self._new_update.set()
        return update

    def message(self, chat: dict[str, Any], user: dict[str, Any], text: str | None = None, *,
                reply_to: dict[str, Any] | None = None, entities: list[dict[str, Any]] | None = None,
                **content: Any) -> dict[str, Any]:
        """A user sends a message (text, or other content such as sticker=…); returns it."""
        self._remember_chat(chat)
        msg: dict[str, Any] = {
            "message_id": self._next_message_id(chat["id"]),
            "from": user, "chat": chat, "date": int(time.time()),
        }
        if text is not None:
            msg["text"] = text
            ents = list(entities or [])
            if text.startswith("/"):
                cmd = text.split()[0]
                ents.insert(0, {"type": "bot_command", "offset": 0, "length": utf16_len(cmd)})
            mention = f"@{self.username}"
            if mention.lower() in text.lower() and not entities:
                start = text.lower().index(mention.lower())
                ents.append({"type": "mention", "offset": utf16_len(text[:start]), "length": utf16_len(mention)})
            if ents:
                msg["entities"] = ents
        msg.update(content)
        if reply_to is not None:
            msg["reply_to_message"] = reply_to
        self._messages[(chat["id"], msg["message_id"])] = msg
        self.push({"message": msg})
        return msg

    def press(self, user: dict[str, Any], message: dict[str, Any], data: str) -> str:
        """A user presses an inline button with `data` under the bot's `message`; returns the query id."""
        qid = str(next(self._ids) * 7919)
        self._callback_ids[qid] = False
        # The message as Telegram holds it now (its buttons may have been edited since).
        msg = self._messages.get((message["chat"]["id"], message["message_id"]), message)
        self.push({"callback_query": {
            "id": qid, "from": user, "message": msg, "chat_instance": str(message["chat"]["id"]), "data": data,
        }})
        return qid

    def inline(self, user: dict[str, Any], query: str) -> str:
        """A user types `@bot query`; returns the inline query id."""
        qid = str(next(self._ids) * 104729)
        self._inline_ids[qid] = False
        self.push({"inline_query": {"id": qid, "from": user, "query": query, "offset": "", "chat_type": "private"}})
        return qid

    # -- waiting ----------------------------------------------------------------------------

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until `predicate()` is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for the bot")
            await asyncio.sleep(0.01)

    def sent_to(self, chat_id: int) -> list[dict[str, Any]]:
        return [m for m in self.sent if m["chat"]["id"] == chat_id]

    def method_calls(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    # -- HTTP -------------------------------------------------------------------------------

    async def _not_found(self, request: web.Request) -> web.Response:
        return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            raw: dict[str, Any] = await request.json()
            return raw
        form = await request.post() if request.method == "POST" else request.query
        params: dict[str, Any] = {}
        for key, value in {**request.query, **form}.items():
            if isinstance(value, str) and key in _DATA_PARAMS:
                try:
                    params[key] = json.loads(value)
                    continue
                except ValueError:
                    raise ApiError(400, f"Bad Request: can't parse {key} JSON object") from None
            params[key] = value
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        call = Call(method, {}, time.monotonic())
        self.calls.append(call)
        try:
            call.params = await self._params(request)
            delay = self._take_fault(method)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            result = await handler(call.params)
            if delay:
                # The work is done; only the answer is late, as when a response is lost.
                await asyncio.sleep(delay)
        except ApiError as exc:
            call.status = exc.status
            body: dict[str, Any] = {"ok": False, "error_code": exc.status, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            return web.json_response(body, status=exc.status)
        return web.json_response({"ok": True, "result": result})

    def _take_fault(self, method: str) -> float:
        queue = self._faults.get(method)
        if not queue:
            return 0.0
        fault = queue[0]
        fault.times -= 1
        if fault.times <= 0:
            queue.pop(0)
        if fault.delay:
            return fault.delay
        params = {"retry_after": fault.retry_after} if fault.retry_after is not None else None
        raise ApiError(fault.status, fault.description, params)

    # -- methods ----------------------------------------------------------------------------

    def _chat(self, params: dict[str, Any]) -> dict[str, Any]:
        try:
            chat_id = int(params.get("chat_id", ""))
        except ValueError:
            raise ApiError(400, "Bad Request: chat not found") from None
        chat = self._chats.get(chat_id)
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        return self.bot_user

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        if self.webhook.get("url"):
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        while True:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if self._updates or time.monotonic() >= deadline or self._closing:
                return self._updates[:limit]
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), max(0.0, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                pass

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params)
        plain = message_text(params.get("text"), params.get("parse_mode"))
        markup = params.get("reply_markup")
        check_markup(markup)
        reply = params.get("reply_parameters") or (
            {"message_id": int(params["reply_to_message_id"])} if params.get("reply_to_message_id") else None
        )
        if reply and (chat["id"], int(reply["message_id"])) not in self._messages and not reply.get("allow_sending_without_reply"):
            raise ApiError(400, "Bad Request: message to be replied not found")
        msg: dict[str, Any] = {
            "message_id": self._next_message_id(chat["id"]), "from": self.bot_user, "chat": chat,
            "date": int(time.time()), "text": plain,
        }
        if markup:
            msg["reply_markup"] = markup
        self._messages[(chat["id"], msg["message_id"])] = msg
        # What the test inspects: the message as Telegram would return it, plus the raw HTML.
        self.sent.append({**msg, "html": params.get("text"), "parse_mode": params.get("parse_mode"),
                          "reply_to_message_id": int(reply["message_id"]) if reply else None})
        return msg

    def _existing(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        msg = self._messages.get((chat["id"], int(params.get("message_id") or 0)))
        if msg is None or msg["from"].get("id") != BOT_ID:
            raise ApiError(400, "Bad Request: message to edit not found")
        return msg

    async def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        msg = self._existing(params)
        plain = message_text(params.get("text"), params.get("parse_mode"))
        markup = params.get("reply_markup")
        check_markup(markup)
        if plain == msg["text"] and markup == msg.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
        msg["text"] = plain
        msg["reply_markup"] = markup
        self.edits.append({"method": "editMessageText", **params})
        return msg

    async def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        msg = self._existing(params)
        markup = params.get("reply_markup")
        check_markup(markup)
        if markup == msg.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
        if markup:
            msg["reply_markup"] = markup
        else:
            msg.pop("reply_markup", None)
        for sent in self.sent:
            if sent["chat"]["id"] == msg["chat"]["id"] and sent["message_id"] == msg["message_id"]:
                sent["reply_markup"] = markup
        self.edits.append({"method": "editMessageReplyMarkup", **params})
        return msg

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        qid = str(params.get("callback_query_id"))
        if self._callback_ids.get(qid, True):
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        if len(str(params.get("text") or "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._callback_ids[qid] = True
        self.callback_answers.append(params)
        return True

    async def _api_answerInlineQuery(self, params: dict[str, Any]) -> Any:
        qid = str(params.get("inline_query_id"))
        if self._inline_ids.get(qid, True):
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        results = params.get("results") or []
        if len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = set()
        for r in results:
            rid = str(r.get("id", ""))
            if not 1 <= len(rid.encode()) <= 64 or rid in ids:
                raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
            ids.add(rid)
            if r.get("type") != "article" or not str(r.get("title", "")).strip():
                raise ApiError(400, "Bad Request: RESULT_TITLE_EMPTY")
            content = r.get("input_message_content") or {}
            r["_text"] = message_text(content.get("message_text"), content.get("parse_mode"))
            check_markup(r.get("reply_markup"))
        self._inline_ids[qid] = True
        self.inline_answers.append(params)
        return True

    async def _api_sendChatAction(self, params: dict[str, Any]) -> Any:
        self._chat(params)
        if params.get("action") not in {"typing", "upload_photo", "record_video", "upload_document", "find_location"}:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        self.chat_actions.append(params)
        return True

    async def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        for c in params.get("commands") or []:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", c.get("command", "")) or not 1 <= len(c.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        self.commands.append(params)
        return True

    async def _api_deleteMyCommands(self, params: dict[str, Any]) -> Any:
        return True

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {}
        return True

    async def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        self.webhook = dict(params)
        return True

    async def _api_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}

    async def _api_close(self, params: dict[str, Any]) -> Any:
        return True

    async def _api_logOut(self, params: dict[str, Any]) -> Any:
        return True


def private_chat(chat_id: int, name: str = "用户") -> dict[str, Any]:
    return {"id": chat_id, "type": "private", "first_name": name}


def group_chat(chat_id: int, title: str = "徐宝协作群") -> dict[str, Any]:
    return {"id": -abs(chat_id), "type": "supergroup", "title": title}


def user(user_id: int, name: str = "用户", language_code: str = "zh-hans") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": name, "language_code": language_code}
