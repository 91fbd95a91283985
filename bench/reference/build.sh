#!/usr/bin/env bash
# Builds the plain-Liberty reference (MinimalSse + a static file, the same demo.css Herald serves)
# into the Liberty runtime the build installed, as server benchRef. Run from the project root.
set -euo pipefail
WLP=target/liberty/wlp
OUT=target/bench/ref
REF=$WLP/usr/servers/benchRef
mkdir -p "$OUT/classes" "$REF/apps"
javac -d "$OUT/classes" -cp "$(ls $WLP/dev/api/spec/io.openliberty.jakarta.servlet.6.0_*.jar)" bench/reference/MinimalSse.java
rm -rf "$OUT/war" && mkdir -p "$OUT/war/WEB-INF"
cp -r "$OUT/classes" "$OUT/war/WEB-INF/"
cp src/main/webapp/demo.css "$OUT/war/"
jar cf "$OUT/ref.war" -C "$OUT/war" .
cp "$OUT/ref.war" "$REF/apps/ref.war"
cp bench/reference/server.xml "$REF/server.xml"
