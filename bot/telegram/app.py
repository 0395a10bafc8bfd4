"""The application: one builder from Settings, every handler registered here, the lifecycle."""

from __future__ import annotations

import asyncio
import html
import logging
import signal
import threading
import traceback
from typing import Any

from telegram import BotCommand, Update
from telegram.error import Forbidden, InvalidToken, NetworkError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.config import Settings
from bot.errors import BotConfigError
from bot.service import BriefService
from bot.telegram import messages
from bot.telegram.aiohttp_request import AiohttpRequest
from bot.telegram.callbacks import on_button
from bot.telegram.context import BotContext, BotData, BotServices
from bot.telegram.daily import briefing_command, daily_command
from bot.telegram.handlers import brief_command, forget, gate, help_command, history, on_text, start
from bot.telegram.jobs import start_briefing_scan
from bot.telegram.limits import RateLimiter
from bot.telegram.loop_monitor import LoopLagMonitor
from bot.telegram.ordering import ChatOrderedUpdateProcessor
from bot.telegram.questions import ask_command

log = logging.getLogger(__name__)

COMMANDS = [
    BotCommand("start", "What this bot does"),
    BotCommand("help", "How to use it"),
    BotCommand("brief", "Brief a link: /brief <url>"),
    BotCommand("history", "This chat's recent briefs"),
    BotCommand("ask", "Ask about your latest story: /ask <question>"),
    BotCommand("forget", "Delete everything stored for this chat"),
    BotCommand("daily", "Daily briefing: /daily 07:30 Europe/Berlin, /daily off"),
    BotCommand("briefing", "Your briefing now: stories since the last one"),
]

BotApplication = Application[Any, Any, Any, Any, BotData, Any]
"""PTB's builder types its job queue loosely; the bot data type is what handlers rely on."""


_POOL_TIMEOUT = 10.0
"""Seconds a call may wait for a free connection (PTB's 1 s is short for a burst of chats)."""


def file_url_for(api_url: str) -> str:
    base = api_url.rstrip("/")
    return base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base + "/file"


def build_services(settings: Settings, briefs: BriefService) -> BotServices:
    limiter = RateLimiter(settings.rate_limit_briefs, settings.rate_limit_window)
    return BotServices(settings=settings, briefs=briefs, limiter=limiter)


def bot_requests(settings: Settings) -> tuple[AiohttpRequest, AiohttpRequest]:
    """The bot's connections to the Bot API: its calls (`BRIEFBOT_TELEGRAM_CONNECTIONS` at most)
    and the long poll's one."""
    calls = AiohttpRequest(
        connection_pool_size=settings.telegram_connections, pool_timeout=_POOL_TIMEOUT
    )
    return calls, AiohttpRequest()


def build_application(
    settings: Settings,
    services: BotServices | None = None,
    *,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
) -> BotApplication:
    """Everything registered in one place. Without `services`, they are opened in post_init.
    `request` replaces the connections for the bot's calls (bot.scale journals its sends)."""
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        raise BotConfigError("TELEGRAM_BOT_TOKEN is not set")
    context_types = ContextTypes(bot_data=BotData)
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_api_url)
        .base_file_url(file_url_for(settings.telegram_api_url))
        .context_types(context_types)
        .concurrent_updates(ChatOrderedUpdateProcessor())
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    calls, updates = bot_requests(settings)
    builder = builder.request(request or calls).get_updates_request(updates_request or updates)
    application = builder.build()
    data: BotData = application.bot_data
    data.services_ = services
    data.settings_ = settings
    application.add_handler(TypeHandler(Update, gate), group=-1)
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("help", help_command))
    application.add_handler(CommandHandler("brief", brief_command))
    application.add_handler(CommandHandler("history", history))
    application.add_handler(CommandHandler("forget", forget))
    application.add_handler(CommandHandler("ask", ask_command))
    application.add_handler(CommandHandler("daily", daily_command))
    application.add_handler(CommandHandler("briefing", briefing_command))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(
        MessageHandler((filters.TEXT | filters.CAPTION) & ~filters.COMMAND, on_text)
    )
    application.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    application.add_error_handler(on_error)
    if not settings.allowed_user_ids and not settings.allowed_chat_ids:
        log.warning("no allow-list is set: everyone who finds this bot can use it")
    return application


async def unknown_command(update: Update, context: BotContext) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(
            "I don't know that command. /help lists what I can do."
        )


async def on_error(update: object, context: BotContext) -> None:
    """Log with the traceback; tell the user something short and true."""
    error = context.error
    if error is None:
        return
    if isinstance(error, Forbidden):
        # The chat blocked or removed the bot: nothing can reach it, so nothing is retried.
        chat = update.effective_chat if isinstance(update, Update) else None
        log.warning("chat %s cannot be written to: %s", chat and chat.id, error.message)
        return
    trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    log.error("error while handling an update: %s\n%s", error, trace)
    if isinstance(update, Update) and update.effective_chat is not None:
        text = messages.describe_error(error)
        try:
            await context.bot.send_message(update.effective_chat.id, html.unescape(text))
        except Exception:  # the user may have blocked the bot; the log has the story
            log.warning("could not tell chat %s about the error", update.effective_chat.id)


async def _post_init(application: BotApplication) -> None:
    data: BotData = application.bot_data
    if data.settings.loop_lag_report is not None:
        data.loop_monitor = LoopLagMonitor(data.settings.loop_lag_report)
        data.loop_monitor.start()
    if data.services_ is None:
        data.services_ = build_services(data.settings, await BriefService.open(data.settings))
        data.owns_services = True
    if application.job_queue is None:
        log.warning("no JobQueue (python-telegram-bot[job-queue]): daily briefings are off")
    else:
        start_briefing_scan(application.job_queue)
    await application.bot.set_my_commands(COMMANDS)
    _stop_promptly_on_signals(application)


def _stop_promptly_on_signals(application: BotApplication) -> None:
    """Replace PTB's SIGINT/SIGTERM handlers (installed before post_init) with ones that first
    stop what runs for chats: PTB's stop waits for every running handler to finish."""
    if threading.current_thread() is not threading.main_thread():
        return
    loop = asyncio.get_running_loop()

    def stop() -> None:
        log.info("stop signal: cancelling running briefs and stopping")
        services = application.bot_data.services_
        if services is not None:
            services.briefs.stop_now()
        application.stop_running()

    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stop)


async def _post_shutdown(application: BotApplication) -> None:
    data: BotData = application.bot_data
    if data.loop_monitor is not None:
        await data.loop_monitor.stop()
    if data.services_ is not None:
        if data.owns_services:
            await data.services_.briefs.close()
        else:
            await data.services_.briefs.aclose()


class _NetworkTracebackFilter(logging.Filter):
    """PTB logs a failed call to the Bot API with its whole traceback; the reason alone is news."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], NetworkError | InvalidToken):
            reason = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(reason).__name__}: {reason})"
            record.args = None
            record.exc_info = None
        return True


# Start-up survives a short outage of the Bot API before giving up with a reason.
_BOOTSTRAP_RETRIES = 3


def run_bot(settings: Settings) -> None:
    """`briefbot run`: long polling by default, a webhook when BRIEFBOT_WEBHOOK_URL is set."""
    logging.getLogger("telegram.ext").addFilter(_NetworkTracebackFilter())
    try:
        _run(settings)
    except InvalidToken as exc:
        raise BotConfigError(f"the Bot API refused the token: {exc}") from exc
    except NetworkError as exc:
        raise BotConfigError(
            f"cannot reach the Telegram Bot API at {settings.telegram_api_url}: {exc}"
        ) from exc


def _run(settings: Settings) -> None:
    """PTB's run loop, on a loop of our own: when start-up fails (a refused token, no Bot API),
    PTB shuts down only what it initialised in full, and the connections opened for the failed
    first call would be left open; they are closed here on the same loop, whatever happened."""
    requests = bot_requests(settings)
    application = build_application(settings, request=requests[0], updates_request=requests[1])
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        _serve(settings, application)
    finally:
        try:
            loop.run_until_complete(asyncio.gather(*(r.shutdown() for r in requests)))
        finally:
            loop.close()
            asyncio.set_event_loop(None)


def _serve(settings: Settings, application: BotApplication) -> None:
    if settings.webhook_url:
        if settings.webhook_secret is None:
            # Settings refuse this already; a hand-built Settings must not open an unguarded hook.
            raise BotConfigError("BRIEFBOT_WEBHOOK_SECRET must be set with BRIEFBOT_WEBHOOK_URL")
        secret = settings.webhook_secret.get_secret_value()
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=settings.webhook_path,
            webhook_url=f"{settings.webhook_url.rstrip('/')}/{settings.webhook_path}",
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
            bootstrap_retries=_BOOTSTRAP_RETRIES,
            close_loop=False,
        )
    else:
        application.run_polling(
            allowed_updates=Update.ALL_TYPES, bootstrap_retries=_BOOTSTRAP_RETRIES, close_loop=False
        )
