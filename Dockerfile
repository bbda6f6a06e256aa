# The README's run command, step by step, for production: the same requirements, migrate,
# and gunicorn with the index writer beside it.
FROM python:3.12-slim AS build
RUN python -m venv /venv
COPY requirements.txt /tmp/requirements.txt
RUN /venv/bin/pip install --no-cache-dir -r /tmp/requirements.txt

FROM python:3.12-slim
ENV PATH="/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ARCHIVE_DATA_DIR=/data \
    BIND=0.0.0.0:8000
RUN useradd --create-home --uid 10001 archive && mkdir /data && chown archive /data
COPY --from=build /venv /venv
WORKDIR /app
COPY --chown=archive . /app
RUN ARCHIVE_MODE=production SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    ARCHIVE_DATA_DIR=/tmp/build-data python manage.py collectstatic --noinput
USER archive
VOLUME ["/data"]
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn"]
