/**
 * A failed health check whose message is safe to show to anyone who can reach `/healthz`: what is wrong
 * and what to do, never a host, port, file path or driver error. Those stay in `cause`, which only the log
 * shows. Any other error a check throws is answered as "unavailable (details in the log)".
 */
export class HealthProblem extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "HealthProblem";
  }
}
