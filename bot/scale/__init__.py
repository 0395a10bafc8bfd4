"""Several processes on several machines: PostgreSQL is the one server, procrastinate the queue.

Imported only when `BRIEFBOT_DB` is a PostgreSQL URL; psycopg and procrastinate come with the
`scale` extra. `briefbot run` becomes the ingress (updates in, one job per update under the
chat's lock), `briefbot worker` runs the jobs with the bot's own handlers, and the limits that
one process kept in memory (engine calls, per-user rate, Telegram's flood limits) are shared
through the database.
"""
