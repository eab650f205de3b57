# syntax=docker/dockerfile:1.7
# trainer-service, CUDA image. Build from the repository root (see deploy/README.md):
#   docker build -f deploy/docker/trainer-service-cuda.Dockerfile -t sightline/trainer-service:0.1.0-SNAPSHOT-cuda .
#
# ONNX Runtime 1.23.2 (com.microsoft.onnxruntime:onnxruntime_gpu) needs CUDA 12.x and cuDNN 9.x:
# "ONNX Runtime built with CUDA 12.x are compatible with any CUDA 12.x version" and "ONNX Runtime built
# with cuDNN 8.x is not compatible with cuDNN 9.x" (onnxruntime.ai/docs/execution-providers/
# CUDA-ExecutionProvider.html#requirements; CUDA 12.x + cuDNN 9.x since ORT 1.19). The base image is
# CUDA 12.8.1 with cuDNN 9 (nvidia/cuda "-cudnn-runtime" tags carry cuDNN 9 from CUDA 12.4 on) on
# Ubuntu 22.04; the node needs an NVIDIA driver for CUDA 12.8 (>= 570) or the CUDA forward-compat
# package, and the NVIDIA device plugin (nvidia.com/gpu resources).
# ---- build: the Maven reactor builds trainer-service and the modules it needs, with onnxruntime_gpu (the default profile: CUDA 12 + cuDNN 9 when present, CPU otherwise).
# Layers from the least to the most often changed, so that a code change reuses the downloads:
FROM eclipse-temurin:17.0.16_8-jdk-jammy AS build
WORKDIR /src
# 1. The Maven wrapper and every module's pom.xml (the reactor reads them all).
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY contract/pom.xml contract/
COPY image/pom.xml image/
COPY model/pom.xml model/
COPY training/pom.xml training/
COPY platform/pom.xml platform/
COPY embedded/pom.xml embedded/
COPY ingest-service/pom.xml ingest-service/
COPY trainer-service/pom.xml trainer-service/
COPY inference-service/pom.xml inference-service/
COPY client/pom.xml client/
COPY cli/pom.xml cli/
COPY deploy/pom.xml deploy/
# 2. Every dependency and plugin of the build, into this layer's local repository (/root/.m2), by the same
#    build run on the poms alone (no sources yet: nothing to compile, empty jars). Cached until a pom changes.
RUN ./mvnw -B -DskipTests -pl trainer-service -am package dependency:copy-dependencies -DincludeScope=runtime
# 3. The sources, and the real build (what step 2 could not know, it downloads now).
COPY contract/src contract/src
COPY image/src image/src
COPY model/src model/src
COPY training/src training/src
COPY platform/src platform/src
COPY embedded/src embedded/src
COPY ingest-service/src ingest-service/src
COPY trainer-service/src trainer-service/src
COPY inference-service/src inference-service/src
COPY cli/src cli/src
RUN ./mvnw -B -DskipTests -pl trainer-service -am package dependency:copy-dependencies -DincludeScope=runtime
# 4. The runtime classpath in two parts: third-party jars (change with a pom) apart from Sightline's own
#    modules (change with the code), so the runtime image keeps them in separate layers.
RUN mkdir -p /layers/lib /layers/modules \
 && for jar in trainer-service/target/dependency/*.jar; do \
      case "$jar" in *-0.1.0-SNAPSHOT.jar) cp "$jar" /layers/modules/ ;; *) cp "$jar" /layers/lib/ ;; esac; \
    done \
 && cp trainer-service/target/trainer-service-0.1.0-SNAPSHOT.jar /layers/trainer-service.jar

# ---- the JRE comes from the same Temurin release as the CPU images (both Ubuntu 22.04, glibc 2.35).
FROM eclipse-temurin:17.0.16_8-jre-jammy AS jre

# ---- runtime: CUDA + cuDNN runtime libraries, the JRE, non-root.
FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu22.04
LABEL org.opencontainers.image.title="sightline-trainer-service" \
      org.opencontainers.image.version="0.1.0-SNAPSHOT-cuda" \
      org.opencontainers.image.description="Embeds pictures with ResNet-50 and trains, evaluates and publishes the classifier. CUDA build."
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:$PATH \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
RUN groupadd --system --gid 10001 sightline \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /app --shell /usr/sbin/nologin sightline
USER 10001:10001
WORKDIR /app
# Third-party jars, then Sightline's modules, then the service: one layer each, by how often they change.
COPY --from=build --chown=0:0 /layers/lib/ /app/lib/
COPY --from=build --chown=0:0 /layers/modules/ /app/modules/
COPY --from=build --chown=0:0 /layers/trainer-service.jar /app/trainer-service.jar
# Container-aware JVM: heap as a share of the container's memory limit (the rest is for ONNX Runtime's
# native arenas, Netty buffers and metaspace), exit on OOM so Kubernetes restarts the pod.
ENV JDK_JAVA_OPTIONS="-XX:+UseContainerSupport -XX:MaxRAMPercentage=50.0 -XX:InitialRAMPercentage=25.0 -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC -Djava.awt.headless=true -Djava.io.tmpdir=/tmp"
EXPOSE 8080 8081
# GET /health on the management port (ENDPOINTS_ALL_PORT; unset: endpoints.all.port, 8081; no token there): 200 when
# UP, 503 when DOWN. bash's /dev/tcp needs no curl. Kubernetes ignores HEALTHCHECK and uses the probes.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${ENDPOINTS_ALL_PORT:-8081} && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-cp", "/app/trainer-service.jar:/app/modules/*:/app/lib/*", "io.sightline.trainer.TrainerApplication"]
