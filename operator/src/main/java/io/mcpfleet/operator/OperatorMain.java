package io.mcpfleet.operator;

import java.util.Arrays;

import io.mcpfleet.operator.render.Render;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Entry point: {@code render} runs offline without starting Quarkus; anything else runs the operator. */
@QuarkusMain
public class OperatorMain {

    public static void main(String... args) {
        if (args.length > 0 && "render".equals(args[0])) {
            // Before Quarkus starts: the operator would otherwise connect to a cluster on startup.
            int code = Render.run(Arrays.asList(args).subList(1, args.length), System.out, System.err);
            System.out.flush();
            System.exit(code);
        }
        Quarkus.run(args);
    }
}
