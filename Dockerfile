FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    BRIEFBOT_DB=/data/briefbot.sqlite3

# `--build-arg EXTRAS=scale` adds PostgreSQL and the job queue (several processes).
ARG EXTRAS=

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
# pyproject maps prompts/ into the package (bot/prompts) when the wheel is built.
COPY prompts ./prompts
RUN pip install ".${EXTRAS:+[$EXTRAS]}" \
    && useradd --create-home --uid 10001 briefbot \
    && mkdir -p /data \
    && chown briefbot:briefbot /data

USER briefbot
VOLUME ["/data"]

# `briefbot run` stops cleanly on SIGTERM (docker stop): polling ends, the database is closed.
STOPSIGNAL SIGTERM
ENTRYPOINT ["briefbot"]
CMD ["run"]
