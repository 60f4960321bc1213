#!/bin/sh
# gen.sh N - prints a compose file with N services, each shaped like a real
# service (image, ports, environment, volumes, healthcheck, depends_on, labels,
# deploy, logging through an alias), about 725 bytes each: 10,000 services make
# a 7.2 MB file (a quarter bigger than the 5.8 MB file the design notes measure
# libfyaml on).
n="${1:?usage: gen.sh N}"
awk -v n="$n" 'BEGIN {
  print "name: bench"
  print "x-logging: &logging"
  print "  driver: json-file"
  print "  options:"
  print "    max-size: \"10m\""
  print "services:"
  for (i = 0; i < n; i++) {
    printf "  svc%d:\n", i
    printf "    image: registry.example.com/team/app%d:1.%d.%d\n", i % 97, i % 13, i % 7
    printf "    container_name: bench-svc%d\n", i
    printf "    restart: unless-stopped\n"
    printf "    ports:\n      - \"%d:%d\"\n", 20000 + i, 8000 + (i % 1000)
    printf "    environment:\n      APP_ENV: production\n      APP_ID: \"%d\"\n      LOG_LEVEL: info\n", i
    printf "    volumes:\n      - data%d:/var/lib/app\n      - ./config/app%d.yaml:/etc/app/config.yaml:ro\n", i % 50, i % 50
    printf "    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:%d/health\"]\n", 8000 + (i % 1000)
    printf "      interval: 30s\n      timeout: 5s\n      retries: 3\n"
    if (i > 0) printf "    depends_on:\n      svc%d:\n        condition: service_healthy\n", i - 1
    printf "    labels:\n      com.example.team: \"team%d\"\n      com.example.tier: backend\n", i % 20
    printf "    deploy:\n      resources:\n        limits:\n          memory: 256M\n          cpus: \"0.5\"\n"
    printf "    logging: *logging\n"
  }
  print "volumes:"
  for (v = 0; v < 50 && v < n; v++) printf "  data%d:\n", v
}'
