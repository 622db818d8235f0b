# Builds the `opora` binary and runs it as an unprivileged user.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p opora-server

FROM debian:bookworm-slim
RUN useradd --system --home /data opora && mkdir -p /data && chown opora /data
COPY --from=build /src/target/release/opora /usr/local/bin/opora
USER opora
ENV OPORA_BIND=0.0.0.0:8080 \
    OPORA_DATA_DIR=/data
EXPOSE 8080
ENTRYPOINT ["opora"]
CMD ["serve"]
