package atenet.tok;

import picocli.CommandLine.Command;

/** {@code tok log}: group of chain log verbs. */
@Command(name = "log", description = "Verify and show the chain.", subcommands = {LogVerifyCommand.class, LogShowCommand.class})
final class LogCommand extends GroupCommand {
}
