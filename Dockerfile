# The service image used by docker-compose.yml.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src src
COPY events events
COPY projections projections
COPY bench bench
COPY test/support/embedded-postgres.ts test/support/embedded-postgres.ts
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# Inside a container the service must listen on every interface: the published port reaches nothing
# on 127.0.0.1 (the default outside a container, README "Configuration").
ENV HOST=0.0.0.0
ENV PORT=3000
ENV LEDGER_DATA_DIR=/data
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
# The signing key is generated into LEDGER_DATA_DIR on first start.
RUN mkdir /data && chown node:node /data
USER node
EXPOSE 3000
# /health answers 200 while the store answers and the ledger is intact (503 when corrupt or unreachable).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
