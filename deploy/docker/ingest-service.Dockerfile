# syntax=docker/dockerfile:1.7
# ingest-service, CPU image. Build from the repository root (see deploy/README.md):
#   docker build -f deploy/docker/ingest-service.Dockerfile -t sightline/ingest-service:0.1.0-SNAPSHOT .
# ---- build: the Maven reactor builds ingest-service and everything it needs, with the CPU-only onnxruntime artifact (-Pcpu, about 10x smaller);
# copy-dependencies puts its runtime classpath in ingest-service/target/dependency.
FROM eclipse-temurin:17.0.16_8-jdk-jammy AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -Pcpu -DskipTests -pl ingest-service -am package dependency:copy-dependencies -DincludeScope=runtime

# ---- runtime: JRE only, non-root.
FROM eclipse-temurin:17.0.16_8-jre-jammy
LABEL org.opencontainers.image.title="sightline-ingest-service" \
      org.opencontainers.image.version="0.1.0-SNAPSHOT" \
      org.opencontainers.image.description="Uploads pictures to S3 and publishes labelled-image events."
RUN groupadd --system --gid 10001 sightline \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /app --shell /usr/sbin/nologin sightline
USER 10001:10001
WORKDIR /app
COPY --from=build --chown=0:0 /src/ingest-service/target/dependency/ /app/lib/
COPY --from=build --chown=0:0 /src/ingest-service/target/ingest-service-0.1.0-SNAPSHOT.jar /app/ingest-service.jar
# Container-aware JVM: heap as a share of the container's memory limit (the rest is for ONNX Runtime's
# native arenas, Netty buffers and metaspace), exit on OOM so Kubernetes restarts the pod.
ENV JDK_JAVA_OPTIONS="-XX:+UseContainerSupport -XX:MaxRAMPercentage=75.0 -XX:InitialRAMPercentage=25.0 -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC -Djava.awt.headless=true -Djava.io.tmpdir=/tmp"
EXPOSE 8080 8081
# GET /health on the management port (endpoints.all.port, 8081; no token there): 200 when UP, 503 when DOWN.
# bash's /dev/tcp needs no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8081 && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-cp", "/app/ingest-service.jar:/app/lib/*", "io.sightline.ingest.IngestApplication"]
