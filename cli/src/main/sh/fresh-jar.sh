# Sourced by the root launchers (auxloss, bench): finds a module's jar whatever the project's version
# and builds it first when it is missing or older than the sources (offline, then online), showing
# maven's log only when the build fails.
#   fresh_jar PROG MODULE BUILDING NOUN
#     PROG           what every stderr line starts with ("auxloss" gives "auxloss: ...")
#     MODULE         the module to run: MODULE/target/auxloss-MODULE-*.jar with MODULE/target/lib
#     BUILDING/NOUN  what the progress line / the error lines call it
# A main source or pom of any module newer than the jar rebuilds it: every module counts, so a module
# added later can never be missed (a change to one the jar does not use costs one needless build).
# Sets jar. With no jar and a failed build, exits 1; with a previous jar, warns and keeps it.
fresh_jar() {
  local prog=$1 module=$2 building=$3 noun=$4
  local root target log
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)
  target=$root/$module/target
  fresh_jar_find "$target/auxloss-$module"
  if fresh_jar_stale "$root" "$target"; then
    # Only on a terminal: scripts expect stderr to start with the program's own lines.
    [[ -t 2 ]] && echo "$prog: building $building (mvn package -pl $module -am)..." >&2
    log=$(mktemp "${TMPDIR:-/tmp}/$prog-build.XXXXXX")
    if ! fresh_jar_build "$root" "$module" "$log" -o && ! fresh_jar_build "$root" "$module" "$log"; then
      if [[ -z $jar ]]; then
        echo "$prog: error: internal error: could not build $noun; run 'mvn -B package -DskipTests -pl $module -am' in $root" >&2
      else
        echo "$prog: warning: the build failed; running the previous build of $noun" >&2
      fi
      sed "s/\x1b\[[0-9;]*m//g; s/^/$prog:   /" "$log" >&2
      rm -f "$log"
      [[ -z $jar ]] && exit 1
    fi
    rm -f "$log"
    fresh_jar_find "$target/auxloss-$module"
  fi
}

# Sets jar to the module's jar (not its -tests or -sources jar), or to nothing.
fresh_jar_find() {
  jar=$(ls "$1"-*.jar 2>/dev/null | grep -v -e '-tests.jar' -e '-sources.jar' | head -1) || true
}

# root target: is there no jar or lib, or any module's main source or pom newer than the jar?
fresh_jar_stale() {
  local root=$1 target=$2 pom
  [[ -z $jar || ! -d $target/lib ]] && return 0
  local dirs=()
  for pom in "$root"/*/pom.xml; do dirs+=("$(dirname "$pom")"); done
  [[ -n $(find "${dirs[@]}" "$root/pom.xml" \( -path '*/src/main/*' -o -name pom.xml \) -not -path '*/target/*' \
      -type f -newer "$jar" -print -quit 2>/dev/null) ]]
}

# root module log [mvn options]: package the module and what it needs, maven's output in the log.
fresh_jar_build() {
  local root=$1 module=$2 log=$3
  shift 3
  (cd "$root" && mvn -q -B "$@" package -DskipTests -pl "$module" -am) >"$log" 2>&1
}
