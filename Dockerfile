# The README's run command, step by step, for production. tests/test_production.py runs the
# same steps outside Docker: collectstatic, migrate, check --deploy, gunicorn.
#
#   docker build -t news-archive .
#   docker run -e SECRET_KEY=... -e ALLOWED_HOSTS=archive.example.org -e ADMIN_URL=... \
#     -v archive-data:/data -p 127.0.0.1:8000:8000 news-archive
#
# Or the whole set (PostgreSQL, Elasticsearch, the app): docker compose up (README, Production).

# Stage 1: install requirements.txt into a virtualenv and collect the static files.
FROM python:3.12-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /venv
COPY requirements.txt /tmp/requirements.txt
RUN /venv/bin/pip install -r /tmp/requirements.txt
WORKDIR /app
COPY . /app
# The key and hosts exist only for this step; the running container needs its own.
RUN ARCHIVE_MODE=production SECRET_KEY=collectstatic-only-never-used-at-run-time \
    ALLOWED_HOSTS=localhost ARCHIVE_DATA_DIR=/tmp/build-data STATIC_ROOT=/app/staticfiles \
    /venv/bin/python manage.py collectstatic --noinput \
    && rm -rf /tmp/build-data

# Stage 2: the runtime, without build tools; code read-only, data in a volume.
FROM python:3.12-slim
ENV PATH="/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ARCHIVE_MODE=production \
    ARCHIVE_DATA_DIR=/data \
    STATIC_ROOT=/app/staticfiles \
    BIND=0.0.0.0:8000 \
    WEB_CONCURRENCY=2
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin archive \
    && mkdir /data && chown archive:archive /data
COPY --from=build /venv /venv
COPY --from=build /app /app
WORKDIR /app
USER archive
# The SQLite file, the Whoosh index, the index-writer lock; keep it across upgrades.
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=40s --retries=3 \
    CMD ["python", "deploy/healthcheck.py", "/health/"]
# gunicorn.conf.py: WEB_CONCURRENCY workers and the single search-index writer beside them.
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn"]
