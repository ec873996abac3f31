/**
 * Irregular forms common in papers, mapped to the base word that Porter then stems, so that
 * "forgotten", "forgot" and "forgetting" all meet at "forget". Porter only handles regular suffixes.
 */
export const IRREGULAR_FORMS: ReadonlyMap<string, string> = new Map([
  ["forgotten", "forget"],
  ["forgot", "forget"],
  ["learnt", "learn"],
  ["unlearnt", "unlearn"],
  ["taught", "teach"],
  ["built", "build"],
  ["chosen", "choose"],
  ["chose", "choose"],
  ["written", "write"],
  ["wrote", "write"],
  ["ran", "run"],
  ["began", "begin"],
  ["begun", "begin"],
  ["thought", "think"],
  ["brought", "bring"],
  ["sought", "seek"],
  ["held", "hold"],
  ["known", "know"],
  ["knew", "know"],
  ["shown", "show"],
  ["drawn", "draw"],
  ["given", "give"],
  ["gave", "give"],
  ["taken", "take"],
  ["took", "take"],
  ["seen", "see"],
  ["saw", "see"],
  ["understood", "understand"],
  ["children", "child"],
  ["fed", "feed"],
  ["grew", "grow"],
  ["grown", "grow"],
  ["spent", "spend"],
  ["mice", "mouse"],
]);

const family = (stem: string, words: readonly string[]): [string, string][] => words.map((w) => [w, stem]);

/**
 * Words whose Porter stem would merge distinct research topics, pinned to their own stem:
 * Porter maps continual and continuous to "continu", experience and experiment to "experi", and
 * generation and generalization to "gener", which would let "continual learning" match continuous control.
 */
export const STEM_OVERRIDES: ReadonlyMap<string, string> = new Map([
  ...family("continual", ["continual", "continually"]),
  ...family("experienc", ["experience", "experiences", "experienced", "experiencing"]),
  ...family("generat", [
    "generate",
    "generates",
    "generated",
    "generating",
    "generation",
    "generations",
    "generative",
    "generatively",
    "generator",
    "generators",
  ]),
]);
