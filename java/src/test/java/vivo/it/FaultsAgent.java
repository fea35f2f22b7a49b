package vivo.it;

/**
 * A Java agent for the signal tests: a daemon thread that makes the JVM take SIGSEGV and SIGFPE the
 * way it does in normal operation (a null receiver and an integer division by zero, each caught), a
 * few hundred times a second. The tests keep its code interpreted
 * ({@code -XX:CompileCommand=exclude,vivo.it.FaultsAgent::*}): HotSpot's interpreter checks for null
 * and zero by taking the fault, every time, where compiled code would stop doing so. The exporter's
 * own faults are too rare to show in a test what a host that re-installs its handlers does.
 */
public final class FaultsAgent {

    private static volatile Object nothing;
    private static volatile int zero;

    private FaultsAgent() {
    }

    public static void premain(String args) {
        Thread t = new Thread(FaultsAgent::fault, "vivo-test-faults");
        t.setDaemon(true);
        t.start();
    }

    private static void fault() {
        long taken = 0;
        for (;;) {
            try {
                nothing.hashCode();
            } catch (NullPointerException e) {
                taken++;
            }
            try {
                taken += 1 / zero;
            } catch (ArithmeticException e) {
                taken++;
            }
            if (taken % 1000 == 0) {
                System.err.println("vivo-test-faults: " + taken + " faults taken");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
