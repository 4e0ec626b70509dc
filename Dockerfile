# Production image of the portal: the same image runs web (gunicorn), worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH" VAR_DIR=/srv/var
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 curl \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir "uv==0.13.9"

WORKDIR /srv/app
COPY pyproject.toml uv.lock ./
# Bytecode compiled once here: PYTHONDONTWRITEBYTECODE stops Python from caching it, so without
# it every worker compiled each module on first import (the first login, the first PDF: seconds).
RUN uv sync --frozen --no-default-groups --no-install-project --compile-bytecode
COPY . .
RUN python -m compileall -q -j 0 /srv/app
# collectstatic needs settings only; these values never reach a running container.
RUN DEBUG=false SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && useradd --system --home /srv portal && mkdir -p /srv/var && chown -R portal /srv/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
