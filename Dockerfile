# The application image: web, workers and beat all run it (see docker-compose.yml).
# Only the package registries are needed to build it: npm for the front-end packages (pinned by
# package-lock.json) and PyPI for the Python ones (pyproject.toml).

# Front-end packages, served by the app itself (no CDN).
FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN groupadd --system --gid 10001 influencer50 \
    && useradd --system --uid 10001 --gid influencer50 --home-dir /app --no-create-home influencer50
WORKDIR /app
# The dependencies first (pyproject.toml lists no package to install), so code changes reuse
# this layer.
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
COPY --from=assets /app/node_modules ./node_modules
# Static files collected into the image; WhiteNoise serves them from there.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input \
    && mkdir -p var/metrics var/beat \
    && chown -R influencer50:influencer50 var
USER influencer50
EXPOSE 8000
CMD ["gunicorn", "--config", "python:influencer50.gunicorn", "influencer50.wsgi"]
