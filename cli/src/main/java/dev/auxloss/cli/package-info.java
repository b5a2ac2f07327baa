/**
 * The {@code auxloss} command line: {@code train}, {@code evaluate}, {@code export}, {@code
 * validate} and the {@code list-*} catalog commands, built with picocli.
 *
 * <p>The contract with users (checked from outside by {@code ../shared/checks/cli-contract}): exit
 * 0 on success, 2 on bad input (config, data, arguments, unknown commands), 1 on an internal error.
 * Bad input prints one {@code auxloss: error: ...} line per problem on stderr, no stack trace
 * unless {@code --debug}, and leaves no output directory behind: a run validates the config and
 * builds the graph before it creates its run directory, and removes a run directory that holds
 * nothing useful (no checkpoint) when it fails.
 *
 * <pre>
 * $ auxloss validate --config broken.pbtxt
 * auxloss: error: broken.pbtxt:7:3: loss[1].weight: must be a finite number &gt;= 0, found -0.3
 * $ echo $?
 * 2
 * </pre>
 */
package dev.auxloss.cli;
