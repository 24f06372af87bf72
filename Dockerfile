# callboard, the control plane of a FreeSWITCH PBX, on the official Bun image.
#
# FreeSWITCH runs beside it (on the host, or in its own container) and both
# talk over loopback: callboard connects to the event socket on 127.0.0.1:8021,
# FreeSWITCH POSTs to callboard on 127.0.0.1:8080. So run it on the host's
# network, with one env file shared with FreeSWITCH (docs/freeswitch.md):
#
#   docker build -t callboard .
#   docker run -d --name callboard --network host \
#     --env-file /etc/callboard/env -v callboard-data:/var/lib/callboard callboard
#   docker logs callboard          # the first admin token is printed once
#   docker exec callboard bun src/main.ts doctor
FROM oven/bun:1-debian

WORKDIR /app
ENV NODE_ENV=production

# Dependencies first, so editing the source does not reinstall them.
# Dependency scripts are not run (nothing callboard uses builds native code).
COPY package.json package-lock.json* bun.lock* ./
RUN bun install --production --frozen-lockfile --ignore-scripts

COPY bunfig.toml tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY freeswitch-conf ./freeswitch-conf

# Defaults; everything else is read from the environment (src/config.ts).
# CALLBOARD_ESL_PASSWORD has no safe default: set it, and the same value for FreeSWITCH.
ENV CALLBOARD_DATA_DIR=/var/lib/callboard \
    CALLBOARD_HTTP_HOST=127.0.0.1 \
    CALLBOARD_HTTP_PORT=8080 \
    CALLBOARD_ESL_HOST=127.0.0.1 \
    CALLBOARD_ESL_PORT=8021 \
    CALLBOARD_LOG_LEVEL=info

# The database, secret.key and recordings live here: keep it on a volume, 0700, not root's.
RUN mkdir -p /var/lib/callboard && chown bun:bun /var/lib/callboard && chmod 700 /var/lib/callboard
VOLUME /var/lib/callboard
USER bun

EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s \
  CMD bun -e "fetch('http://127.0.0.1:' + (process.env.CALLBOARD_HTTP_PORT || 8080) + '/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"

CMD ["bun", "src/main.ts", "serve"]
