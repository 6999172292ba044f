// Where emails go: SMTP through nodemailer, or a list in memory (the demo's mail page).
import { createTransport } from 'nodemailer';

/** One email, ready to send. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe…). */
  headers: Record<string, string>;
}

/** Sends emails; rejects when the server did not accept one (the job is then retried). */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close?(): void;
}

/**
 * SMTP through nodemailer (the de facto Node mailer: SMTP, STARTTLS, MIME, header encoding) to `url`,
 * e.g. `smtp://user:pass@host:587`. Connection, greeting and socket timeouts keep a stalled server from
 * holding a job past its lease.
 */
export function createSmtpMailer(url: string, from: string): Mailer {
  const transport = createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    async send(mail) {
      await transport.sendMail({ from, ...mail });
    },
    close() {
      transport.close();
    },
  };
}

/** An email the {@link MemoryMailer} kept, with when it was "sent". */
export interface KeptMail extends OutgoingMail {
  sentAt: Date;
}

/** Keeps the last emails in memory instead of sending them: demo mode without PARLEY_SMTP_URL. */
export class MemoryMailer implements Mailer {
  readonly #kept: KeptMail[] = [];
  readonly #max: number;

  constructor(max = 50) {
    this.#max = max;
  }

  async send(mail: OutgoingMail): Promise<void> {
    this.#kept.unshift({ ...mail, sentAt: new Date() });
    this.#kept.length = Math.min(this.#kept.length, this.#max);
  }

  /** The emails kept, newest first. */
  get sent(): readonly KeptMail[] {
    return this.#kept;
  }
}
