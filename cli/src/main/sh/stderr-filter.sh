#!/usr/bin/env bash
# The line filter ./auxloss passes the JVM's stderr through, so every stderr line starts with "auxloss:".
# TensorFlow's native code writes to fd 2 itself, some of it through absl logging, which
# TF_CPP_MIN_LOG_LEVEL does not reach ("WARNING: All log messages before absl::InitializeLog() is called
# are written to STDERR", "I0000 00:00:... mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass
# is not enabled"): absl lines below TF_CPP_MIN_LOG_LEVEL (1 drops info, 2 warnings too, 3 errors too)
# and that banner are dropped; any other line not already starting with "auxloss:" gets the prefix.
# Line by line, unbuffered: the progress bar is on stdout, which is not filtered.
trap '' INT TERM HUP # outlive the JVM on Ctrl-C: its last lines still come through
level=${TF_CPP_MIN_LOG_LEVEL:-0}
[[ $level =~ ^[0-9]+$ ]] || level=0
quiet=IWE
quiet=${quiet:0:level}
drop=('-e' '/^WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR$/d')
[[ -n $quiet ]] && drop+=('-e' "/^[$quiet][0-9]{4} [0-9:.]+ +[0-9]+ [^ ]+:[0-9]+\] /d")
exec sed -u -E "${drop[@]}" -e '/^auxloss:/!s/^/auxloss: /'
