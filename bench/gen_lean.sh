#!/bin/sh
# gen_lean.sh SHAPE N - prints a compose file of N lean services in one of the
# shapes the speed issue names, each meant to cost little per service:
#   anchor  every service merges one `<<: *base` anchor (3 keys) and adds one port
#   volumes every service has one named volume and one bind; N top-level volumes
#   flow    all N services on one flow-style line
shape="${1:?usage: gen_lean.sh anchor|volumes|flow N}"
n="${2:?usage: gen_lean.sh anchor|volumes|flow N}"
case "$shape" in
anchor)
  awk -v n="$n" 'BEGIN {
    print "x-base: &base"
    print "  image: registry.example.com/team/app:1.0"
    print "  restart: unless-stopped"
    print "  environment:"
    print "    APP_ENV: production"
    print "services:"
    for (i = 0; i < n; i++)
      printf "  svc%d:\n    <<: *base\n    ports:\n      - \"%d:8080\"\n", i, 20000 + (i % 40000)
  }' ;;
volumes)
  awk -v n="$n" 'BEGIN {
    print "services:"
    for (i = 0; i < n; i++)
      printf "  svc%d:\n    image: app:1.0\n    volumes:\n      - vol%d:/data\n      - ./conf/app%d:/etc/app:ro\n", i, i, i
    print "volumes:"
    for (i = 0; i < n; i++) printf "  vol%d:\n", i
  }' ;;
flow)
  awk -v n="$n" 'BEGIN {
    printf "services: {"
    for (i = 0; i < n; i++)
      printf "%ssvc%d: {image: \"app:1.0\", ports: [\"%d:8080\"]}", (i ? ", " : ""), i, 20000 + (i % 40000)
    print "}"
  }' ;;
*) echo "gen_lean.sh: unknown shape $shape (anchor, volumes or flow)" >&2; exit 2 ;;
esac
