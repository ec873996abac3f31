/** A typed option of a command, as Discord shows it and as text arguments map onto. */
export interface CommandOption {
  name: string;
  description: string;
  required: boolean;
  /** What the value is: free text (default), or a user (Discord's USER option; a mention where typed). */
  type?: "string" | "user";
  choices?: readonly string[];
  /** Offer completions while typing (Discord autocomplete). */
  autocomplete?: boolean;
  /** How a value reads in help where options are typed by name, e.g. `<words>` or `09:00`; default `<name>`. */
  placeholder?: string;
  /** Other values that change what the command does, each shown as a usage of its own (`off`, `cron …`). */
  alternatives?: readonly string[];
}
