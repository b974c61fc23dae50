package ovlsim.conformance.report;

/**
 * What a run of scripts reports, as it happens: the plan, then per script a header, its test
 * points and comments, then the summary. Implementations print TAP ({@link TapReport}), JUnit
 * XML ({@link JunitReport}) or JSON lines ({@link JsonReport}), and flush after each call, so
 * a reader sees each point as soon as it ran.
 */
public interface FstReport {
  /** The run begins: {@code points} test points will follow. */
  void plan(int points);

  /** A script begins on {@code where} ({@code model v7}, {@code model v7 and kernel 6.8}). */
  void scriptStart(String file, String where);

  /** A test point. */
  void point(TestPoint p);

  /** Something to say outside any point (why a backend is skipped, a model note). */
  void comment(String text);

  /** The current script ended. */
  void scriptEnd();

  /**
   * The run ended.
   *
   * @param summary the line {@code N passed, M failed[, K skipped]}
   * @param passed passed points
   * @param failed failed points
   * @param skipped skipped points
   */
  void end(String summary, long passed, long failed, long skipped);
}
