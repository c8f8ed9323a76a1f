# The IDMobile gateway as a container image.
#
#   docker build -t idmobile-gateway .
#   docker run -p 4000:4000 --env-file .env idmobile-gateway
#
# Three stages: `build` compiles src/ to dist/ with every package, `deps` installs the production packages
# only, and the runtime gets dist/ and those packages, nothing else. Compiled JavaScript rather than tsx at
# run time: no TypeScript transform and no loader thread, about 50 MB less RSS (npm run bench).
#
# NODE_ENV=production is baked in: the container refuses the embedded sandbox and open access, so it
# needs DQE_* and GATEWAY_API_KEYS or JWT_* (README "Running it in production", docs/deployment.md).
# No Docker engine runs in CI: test/integration/dockerfile.test.ts runs this file's RUN and CMD lines.

# Production runs Node 24 LTS (README "Runtime"); every stage uses the same image.
ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: TypeScript → dist/ (the `npm run build` that `npm start` runs first) ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- deps: production packages only, from the lockfile ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- runtime: no sources, no dev tools, no npm cache; files owned by root, read-only to the process ---
FROM ${NODE_IMAGE} AS runtime
# The heap cap makes V8 collect before the heap grows far past what is live: RSS under load stays under
# 200 MB (over 300 MB without it, npm run bench). Raise it with the container's memory limit.
ENV NODE_ENV=production \
    PORT=4000 \
    NODE_OPTIONS=--max-old-space-size=192
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The image's unprivileged user (uid 1000).
USER node
EXPOSE 4000
# For `docker run`; Kubernetes uses its own probes (/health for liveness, /ready for readiness).
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `npm start`'s command (package.json "start"; its prestart build ran above), without npm in between:
# node is PID 1 and gets SIGTERM itself, so the graceful shutdown runs as the tests check it.
CMD ["node", "dist/main.js"]
