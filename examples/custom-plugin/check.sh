#!/usr/bin/env bash
# The outside plugin author's path, end to end (CI runs it after `mvn install` of the auxloss project):
# build this plugin as its own Maven project against the installed auxloss artifacts, train a few steps
# with its loss through ./auxloss and AUXLOSS_CLASSPATH, then export the run without the plugin (a
# plugin that only adds losses is not needed for export) and check that evaluate, which needs it,
# says where its jar goes. The build goes to target/; the run to a temporary directory removed at exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
fail() { echo "custom-plugin check: $*" >&2; exit 1; }

mvn -B -q -f "$here/pom.xml" package
jar=$here/target/auxloss-custom-plugin-0.1.0.jar
[[ -f $jar ]] || fail "the build made no $jar"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/auxloss-plugin-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

AUXLOSS_CLASSPATH=$jar "$root/auxloss" train --config "$here/plugin.pbtxt" --out "$tmp/run" --steps 5 \
  >"$tmp/train.out" || fail "train with the plugin failed: $(cat "$tmp/train.out")"
head -1 "$tmp/run/metrics.csv" | grep -q 'term/example.logit_squeeze/raw' \
  || fail "the plugin's loss example.logit_squeeze is not in $tmp/run/metrics.csv"

"$root/auxloss" export --run "$tmp/run" --out "$tmp/export" >/dev/null
[[ -s $tmp/export/saved_model.pb ]] || fail "export wrote no $tmp/export/saved_model.pb"

# what: exit 2 with one "auxloss: error:" line naming AUXLOSS_CLASSPATH, for ./auxloss "$@"
expect_classpath_error() {
  local what=$1 code=0; shift
  "$root/auxloss" "$@" >/dev/null 2>"$tmp/err" || code=$?
  [[ $code == 2 && $(wc -l <"$tmp/err") == 1 ]] && grep -q '^auxloss: error: .*AUXLOSS_CLASSPATH' "$tmp/err" \
    || fail "$what: expected exit 2 and one error naming AUXLOSS_CLASSPATH, got $code: $(cat "$tmp/err")"
}
expect_classpath_error "evaluate without the plugin" evaluate --run "$tmp/run"
AUXLOSS_CLASSPATH=$tmp/no-such-plugin.jar expect_classpath_error "a plugin jar that does not exist" list-losses

echo "custom-plugin check: built, trained with example.logit_squeeze, exported without the plugin"
