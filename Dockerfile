# netlab's image: built with the Maven wrapper, run on a Java 17 JRE as an unprivileged user.
# docker-compose.yml builds it; alone: docker build -t netlab . (see README, "Compose stack").
# The image keeps netlab's safe defaults (HTTP and listeners on loopback); the compose file sets
# what a container needs (0.0.0.0 binds, the API token, Spring Boot Admin registration).

FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
# wrapper and pom first: the dependency layer is rebuilt only when they change
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
RUN ./mvnw -B -ntp -DskipTests package \
	&& cp target/netlab-*.jar netlab.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 netlab \
	&& useradd --system --uid 10001 --gid netlab --home-dir /app --no-create-home --shell /usr/sbin/nologin netlab \
	&& mkdir -p /app /data \
	&& chown netlab:netlab /data
COPY --from=build /build/netlab.jar /app/netlab.jar
# listeners created over the API are stored here (netlab.data-dir); a named volume in compose
ENV NETLAB_DATA_DIR=/data
VOLUME /data
WORKDIR /app
USER netlab
# HTTP API and Actuator; the default tcp-echo and udp-echo listeners
EXPOSE 8080 7007/tcp 7007/udp
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/netlab.jar"]
