package io.driftwatch.cli;

import io.driftwatch.core.data.DatasetException;
import java.io.IOException;
import picocli.CommandLine;

/**
 * Turns failures into one clear line on stderr and a non-zero exit: 2 for bad input the user can fix
 * (file, data, flags), 1 for anything unexpected, whose stack trace then goes to stderr too because
 * it is a bug worth reporting.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {
    static final int BAD_INPUT = 2;
    static final int INTERNAL_ERROR = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        var err = commandLine.getErr();
        if (e instanceof UserInputException || e instanceof DatasetException || e instanceof IOException
                || e instanceof IllegalArgumentException) {
            err.println("driftwatch " + commandLine.getCommandName() + ": " + e.getMessage());
            return BAD_INPUT;
        }
        err.println("driftwatch " + commandLine.getCommandName() + ": internal error: " + e);
        e.printStackTrace(err);
        return INTERNAL_ERROR;
    }
}
