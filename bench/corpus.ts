import type { IndexablePaper } from "../src/search/index.ts";
import { seededRandom } from "../tests/helpers/seeded-random.ts";

/**
 * Seeded generator of realistic research-paper corpora and topical queries for the search benchmark.
 * Papers are drawn from ~30 topic clusters (continual learning, diffusion, RLHF, RAG …): 12-word titles
 * and ~180-word abstracts mixing English function words, general ML vocabulary, cluster terms and
 * multi-word phrases, a long tail of rare coined words (model and dataset names) and numbers, each
 * layer with Zipf-like frequencies. Same seed, same corpus; papers are produced one at a time, so a
 * million of them never sit in memory together.
 */

/** A generated paper: the fields `SearchIndex.add` reads plus authors and its topic clusters. */
export interface BenchPaper extends IndexablePaper {
  abstract: string;
  authors: string[];
  publishedAt: string;
  featuredOn: string;
  upvotes: number;
  /** Topic cluster keys the paper was written from, primary first (ground truth for relevance). */
  topics: string[];
}

/** A query as people type it after `/papers topic`, with the cluster it is about. */
export interface BenchQuery {
  text: string;
  topic: string;
}

export interface CorpusOptions {
  size: number;
  seed: number;
}

export interface QueryOptions {
  count: number;
  seed: number;
}

/** One topic cluster: its distinctive words and the phrases people write about it, most used first. */
interface Cluster {
  key: string;
  words: string[];
  phrases: string[];
}

const cluster = (key: string, words: string, phrases: string): Cluster => ({
  key,
  words: words.split(" "),
  phrases: phrases.split(", "),
});

/** Topic clusters, most popular first (popularity itself is Zipf-like). */
export const CLUSTERS: readonly Cluster[] = [
  cluster(
    "llm-reasoning",
    "reasoning math verifier steps solutions thought chains inference-time olympiad rationales self-consistency search reflection proofs",
    "chain of thought, test time compute, mathematical reasoning, process reward model, reasoning models, self consistency",
  ),
  cluster(
    "diffusion",
    "diffusion denoising score sampler noise guidance latent synthesis ddpm ddim unet distillation sampling flow",
    "diffusion models, denoising diffusion, classifier free guidance, latent diffusion, score matching, text to image, flow matching",
  ),
  cluster(
    "rlhf",
    "preference preferences reward alignment feedback dpo ppo annotators pairwise harmless helpful aligned rlhf kl",
    "reinforcement learning from human feedback, reward model, direct preference optimization, human preferences, reward hacking, preference data",
  ),
  cluster(
    "rag",
    "retrieval retriever augmented passages corpus dense reranker grounding citations documents knowledge index rerank queries",
    "retrieval augmented generation, dense retrieval, open domain question answering, knowledge base, external knowledge, retrieved passages",
  ),
  cluster(
    "agents",
    "agent agents tool tools planning web environment api browser actions workflow orchestration trajectories autonomous",
    "tool use, multi agent, web agents, function calling, agentic workflows, computer use",
  ),
  cluster(
    "multimodal",
    "multimodal vision-language captioning vqa visual clip images captions grounding ocr charts mllm modality visual-instruction",
    "vision language models, visual question answering, image captioning, multimodal large language models, visual instruction tuning",
  ),
  cluster(
    "efficient-inference",
    "quantization pruning sparsity latency throughput speculative decoding kernels int4 bits compression serving memory-efficient cache",
    "speculative decoding, kv cache, post training quantization, knowledge distillation, model compression, low bit",
  ),
  cluster(
    "continual",
    "continual lifelong incremental forgetting catastrophic replay rehearsal plasticity stability sequential exemplars drift forgets non-stationary",
    "catastrophic forgetting, continual learning, experience replay, class incremental learning, stability plasticity, lifelong learning",
  ),
  cluster(
    "code",
    "code program programming repository bugs software compiler python functions patches debugging swe snippets execution",
    "code generation, program synthesis, unit tests, software engineering, code llms, bug fixing",
  ),
  cluster(
    "3d-vision",
    "radiance gaussian splatting rendering reconstruction mesh nerf geometry scenes depth views point clouds volumetric",
    "neural radiance fields, gaussian splatting, novel view synthesis, 3d reconstruction, point clouds, 3d generation",
  ),
  cluster(
    "video",
    "video videos temporal frames motion clips action spatiotemporal frame camera tracking optical long-video storyboard",
    "video generation, action recognition, video understanding, temporal consistency, text to video, video diffusion",
  ),
  cluster(
    "robotics",
    "robot robots manipulation grasping locomotion embodied dexterous teleoperation gripper humanoid quadruped demonstrations sim-to-real arm",
    "robot manipulation, sim to real, imitation learning, vision language action, robot learning, dexterous manipulation",
  ),
  cluster(
    "llm-safety",
    "jailbreak jailbreaks safety harmful refusal guardrails injection red-teaming attacks unsafe misuse adversaries moderation backdoor",
    "prompt injection, red teaming, jailbreak attacks, safety alignment, harmful content, backdoor attacks",
  ),
  cluster(
    "long-context",
    "long-context context attention mamba recurrent positional window tokens length extrapolation linear ssm rope needle",
    "long context, state space models, linear attention, positional encoding, context window, length extrapolation",
  ),
  cluster(
    "moe-scaling",
    "experts routing mixture moe router scaling pretraining compute-optimal laws tokens dense load balancing flops",
    "mixture of experts, scaling laws, sparse experts, load balancing, compute optimal, expert routing",
  ),
  cluster(
    "interpretability",
    "interpretability mechanistic circuits features probing neurons attribution superposition steering probes activations saliency explanations monosemantic",
    "mechanistic interpretability, sparse autoencoders, feature attribution, activation steering, linear probes, circuit discovery",
  ),
  cluster(
    "hallucination-eval",
    "hallucination hallucinations factuality calibration uncertainty judge judges faithfulness leaderboard contamination evaluation abstention confidence factual",
    "llm as a judge, uncertainty estimation, data contamination, factual consistency, hallucination detection, benchmark contamination",
  ),
  cluster(
    "self-supervised",
    "contrastive self-supervised representation augmentations pretext invariance simclr masked autoencoder siamese negatives dino views linear-probe",
    "contrastive learning, representation learning, self supervised learning, masked image modeling, masked autoencoders",
  ),
  cluster(
    "vision-backbones",
    "vit patch patches imagenet backbone convolutional cnn classification resnet detection segmentation hierarchical swin convnet",
    "vision transformers, image classification, object detection, semantic segmentation, convolutional neural networks",
  ),
  cluster(
    "rl",
    "reinforcement policy value offline exploration q-learning mdp actor critic returns rewards on-policy off-policy bellman",
    "offline reinforcement learning, policy gradient, model based reinforcement learning, actor critic, value function, multi agent reinforcement learning",
  ),
  cluster(
    "gnn",
    "graph graphs node nodes edges message homophily oversmoothing heterophily gnn gnns subgraph topology spectral",
    "graph neural networks, message passing, node classification, link prediction, graph transformers, knowledge graphs",
  ),
  cluster(
    "speech",
    "speech audio acoustic asr speaker waveform tts phoneme prosody vocoder spoken voice transcription utterances",
    "speech recognition, text to speech, speaker verification, spoken language, speech synthesis, audio language models",
  ),
  cluster(
    "federated-privacy",
    "federated clients privacy differential heterogeneity communication aggregation server private non-iid secure dp-sgd membership leakage",
    "federated learning, differential privacy, membership inference, data heterogeneity, privacy preserving, secure aggregation",
  ),
  cluster(
    "adversarial",
    "adversarial perturbation perturbations robustness certified attack pgd lipschitz smoothing transferability robust norm-bounded defenses evasion",
    "adversarial examples, adversarial training, certified robustness, randomized smoothing, adversarial attacks, distribution shift",
  ),
  cluster(
    "medical",
    "medical clinical radiology mri ct pathology patients diagnosis ehr lesion tumor healthcare x-ray histopathology",
    "medical image segmentation, clinical notes, electronic health records, medical imaging, radiology reports, whole slide images",
  ),
  cluster(
    "science",
    "protein proteins molecular drug molecules binding folding ligand chemistry materials crystal enzyme antibody sequences",
    "protein structure prediction, drug discovery, molecular generation, protein language models, binding affinity, materials discovery",
  ),
  cluster(
    "time-series",
    "forecasting time-series horizon anomaly seasonal sensor traffic weather temporal multivariate trends stationarity lookback forecasts",
    "time series forecasting, anomaly detection, multivariate time series, weather forecasting, long term forecasting",
  ),
  cluster(
    "recsys",
    "recommendation recommender users items collaborative filtering click-through ctr ranking interactions sequential cold-start e-commerce personalization",
    "collaborative filtering, recommender systems, click through rate, sequential recommendation, cold start, user behavior",
  ),
  cluster(
    "translation",
    "translation multilingual low-resource languages cross-lingual bilingual parallel mt dialects english african indic transliteration bleu",
    "machine translation, low resource languages, cross lingual transfer, multilingual models, parallel corpora",
  ),
  cluster(
    "driving",
    "driving autonomous vehicles lidar trajectory bev perception pedestrians occupancy planning lane traffic nuscenes waymo",
    "autonomous driving, trajectory prediction, bird's eye view, motion planning, end to end driving, occupancy prediction",
  ),
];

/** Words for 40% of abstract text: what the tokenizer drops as stop words, most frequent first. */
const FUNCTION_WORDS =
  "the of and to a in we for is that on with by as this are our from an be which can it at both while these such than or not has have its into also more when how without only each between under over where through their most two up even".split(
    " ",
  );

/** General ML and academic vocabulary shared by all topics, most frequent first. */
const GENERAL_WORDS = (
  "model models learning data training method results performance approach propose task tasks large " +
  "language neural network networks show based new framework experiments dataset datasets benchmark " +
  "benchmarks state-of-the-art existing across improve improves significantly outperforms demonstrate " +
  "trained train evaluate evaluation baseline baselines efficient efficiency accuracy quality scale work " +
  "paper problem information input output features representations deep architecture parameters " +
  "fine-tuning pretrained llms llm general specific novel key prior simple effective strong complex " +
  "computational cost open source code available publicly analysis study empirical theoretical " +
  "understanding recent advances however remains challenging challenge limited limitations achieve " +
  "achieves competitive various diverse multiple different high low higher lower better first " +
  "generalization zero-shot few-shot downstream objective loss function optimization gradient layer " +
  "layers attention transformer embedding space distribution samples examples labels supervised " +
  "unsupervised inference prediction predictions error consistent consistently substantially extensive " +
  "comprehensive introduce present design designed leverage enable enables allows capture capabilities " +
  "ability systems system real-world applications settings setting scenarios practical scalable metrics " +
  "human text image visual prompts prompting strategy mechanism module components pipeline stage " +
  "end-to-end compared comparison respectively number size small larger times faster fewer compute gpu " +
  "hours budget instruction tuning generalize robustly outperform surpasses gains improvements signal " +
  "objectives estimate estimation theory bound bounds guarantees convergence stochastic regularization " +
  "variance bias sample complexity adaptive adaptation transfer domain domains shift tokens sequence " +
  "sequences encoder decoder heads head weights weight initialization normalization batch epochs " +
  "hyperparameters ablation ablations findings insights suggests reveal reveals observe observed " +
  "phenomenon behavior behaviors properties structure structured unstructured noisy clean synthetic " +
  "real collected curated annotated annotations release released toolkit library implementation " +
  "open-source open-weight frontier closed proprietary api cheaper orders magnitude percent points " +
  "relative absolute average overall standard popular widely commonly typically often rarely largely " +
  "mainly primarily critical crucial important essential fundamental promising direction directions future"
).split(" ");

const SYLLABLES =
  "ka ko ki ku ra ro ri ru mi ma mo na ne no ta te to za ze lo la li vi ve va be bo da de do fi fa gu ga go pe pi po se so su xi xa yo ya hu he ju jo qui cha cho".split(
    " ",
  );
const SUFFIXES = ["", "", "", "net", "former", "bench", "gpt", "lm", "ix"];
/** Rare coined words (model, method and dataset names) form the long tail of the vocabulary. */
const TAIL_SIZE = 200_000;

/** The `i`-th coined word of the tail lexicon, e.g. "koravi", "tesoformer"; distinct for distinct `i`. */
function coinedWord(i: number): string {
  let n = i + SYLLABLES.length;
  let word = "";
  while (n > 0) {
    word = SYLLABLES[n % SYLLABLES.length]! + word;
    n = Math.floor(n / SYLLABLES.length);
  }
  return word + SUFFIXES[i % SUFFIXES.length]!;
}

const FIRST_NAMES =
  "Mei Oliver Priya Anil Sofia Lucas Hana Daniel Wei Li Jun Yuki Sara Ahmed Fatima Omar Elena Ivan Olga Chen Xin Ming Jia Hao Yue Arjun Ananya Rahul Deepa Kofi Amara Chinedu Zanele Mateo Valentina Diego Camila Noah Emma Liam Ava Ethan Mia Lukas Lea Jonas Clara Pierre Camille Hugo Marta Pablo Lucia Giulia Marco Sven Ingrid Aisha Tariq Leila Reza Minh Linh Seo-yeon Ji-ho Tomasz Agnieszka Kwame Nia Rafael Beatriz Kenji Sakura Dmitri Anya Yusuf Zeynep Mehmet Ayesha".split(
    " ",
  );
const LAST_NAMES =
  "Tanaka Brandt Raman Kumar Lindqvist Moreau Kim Ortega Zhang Wang Liu Chen Li Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin He Gao Luo Singh Sharma Patel Gupta Iyer Nair Okafor Mensah Diallo Ndlovu Garcia Rodriguez Martinez Lopez Silva Santos Smith Johnson Brown Taylor Miller Davis Wilson Anderson Thomas Moore Martin Jackson White Harris Clark Lewis Walker Hall Allen Young Muller Schmidt Schneider Fischer Weber Meyer Wagner Becker Dubois Laurent Bernard Rossi Russo Ferrari Bianchi Kowalski Nowak Ivanov Petrov Sato Suzuki Takahashi Watanabe Yamamoto Nakamura Park Lee Choi Jung Nguyen Tran Pham Hoang Yilmaz Kaya Demir Hassan Ali Hussain Rahman Khan Ahmadi Hosseini".split(
    " ",
  );

/** Samples ranks 0..n-1 with probability ∝ 1 / (rank + 1)^exponent, by binary search on the CDF. */
class Zipf {
  private readonly cdf: Float64Array;

  constructor(n: number, exponent: number) {
    this.cdf = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      total += 1 / (i + 1) ** exponent;
      this.cdf[i] = total;
    }
    for (let i = 0; i < n; i++) this.cdf[i]! /= total;
  }

  sample(random: () => number): number {
    const u = random();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Immutable samplers shared by every corpus (they depend on no seed). */
interface Samplers {
  clusters: Zipf;
  functionWords: Zipf;
  generalWords: Zipf;
  /** Zipf(n, 0.8) for a cluster's n words or phrases. */
  zipf: (n: number) => Zipf;
  tail: Zipf;
  tailWords: string[];
}

let samplers: Samplers | undefined;

function getSamplers(): Samplers {
  if (samplers) return samplers;
  const byLength = new Map<number, Zipf>();
  samplers = {
    clusters: new Zipf(CLUSTERS.length, 0.6),
    functionWords: new Zipf(FUNCTION_WORDS.length, 1),
    generalWords: new Zipf(GENERAL_WORDS.length, 1),
    zipf: (n) => {
      let zipf = byLength.get(n);
      if (zipf === undefined) {
        zipf = new Zipf(n, 0.8);
        byLength.set(n, zipf);
      }
      return zipf;
    },
    tail: new Zipf(TAIL_SIZE, 1.05),
    tailWords: Array.from({ length: TAIL_SIZE }, (_, i) => coinedWord(i)),
  };
  return samplers;
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;
const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** A word or phrase of `cluster`: distinctive words and phrases with Zipf-like preferences. */
function clusterTerm(cluster: Cluster, s: Samplers, random: () => number, phraseShare: number): string {
  if (random() < phraseShare) {
    return cluster.phrases[s.zipf(cluster.phrases.length).sample(random)]!;
  }
  return cluster.words[s.zipf(cluster.words.length).sample(random)]!;
}

function numberToken(random: () => number): string {
  const kind = random();
  if (kind < 0.4) return `${(random() * 100).toFixed(1)}%`;
  if (kind < 0.6) return `${pick([1, 3, 7, 8, 13, 14, 32, 70, 72, 405], random)}B`;
  if (kind < 0.8) return `${(1 + random() * 9).toFixed(1)}x`;
  return String(Math.floor(random() * 1000));
}

/** ~180 words of abstract: sentences of function, general, topical, rare and numeric tokens. */
function abstractOf(topics: readonly Cluster[], s: Samplers, random: () => number): string {
  const target = 150 + Math.floor(random() * 61);
  const words: string[] = [];
  let sentenceStart = true;
  let untilPeriod = 12 + Math.floor(random() * 14);
  while (words.length < target) {
    const r = random();
    let token: string;
    if (r < 0.42) token = FUNCTION_WORDS[s.functionWords.sample(random)]!;
    else if (r < 0.76) token = GENERAL_WORDS[s.generalWords.sample(random)]!;
    else if (r < 0.86 || (r < 0.9 && topics.length === 1)) token = clusterTerm(topics[0]!, s, random, 0.3);
    else if (r < 0.9) token = clusterTerm(topics[1]!, s, random, 0.3);
    else if (r < 0.97) token = s.tailWords[s.tail.sample(random)]!;
    else token = numberToken(random);
    for (const word of token.split(" ")) {
      words.push(sentenceStart ? capitalize(word) : word);
      sentenceStart = false;
      if (--untilPeriod <= 0) {
        words[words.length - 1] += ".";
        sentenceStart = true;
        untilPeriod = 12 + Math.floor(random() * 14);
      } else if (random() < 0.04) words[words.length - 1] += ",";
    }
  }
  const text = words.join(" ");
  return text.endsWith(".") ? text : `${text}.`;
}

const TITLE_LINKS = ["for", "with", "via", "of", "in", "and", "through", "under", "from"];

/** Exactly 12 words: an optional coined name, the topic's phrases and words, linking words. */
function titleOf(topics: readonly Cluster[], s: Samplers, random: () => number): string {
  const words: string[] = [];
  if (random() < 0.3) words.push(`${capitalize(s.tailWords[s.tail.sample(random)]!)}:`);
  while (words.length < 12) {
    const r = random();
    let token: string;
    if (r < 0.4) token = clusterTerm(topics[0]!, s, random, 0.5);
    else if (r < 0.5 && topics.length > 1) token = clusterTerm(topics[1]!, s, random, 0.5);
    else if (r < 0.8) token = GENERAL_WORDS[s.generalWords.sample(random)]!;
    else token = pick(TITLE_LINKS, random);
    for (const word of token.split(" ")) {
      if (words.length === 12) break;
      words.push(TITLE_LINKS.includes(word) ? word : capitalize(word));
    }
  }
  return words.join(" ");
}

function authorsOf(random: () => number): string[] {
  const count = 1 + Math.min(24, Math.floor(-Math.log(1 - random()) * 4.5));
  return Array.from({ length: count }, () => `${pick(FIRST_NAMES, random)} ${pick(LAST_NAMES, random)}`);
}

/** Heavy tail: most papers get a handful of upvotes, a few get thousands (Pareto, α ≈ 1.1). */
function upvotesOf(random: () => number): number {
  return Math.min(20_000, Math.floor(2 / (1 - random()) ** (1 / 1.1)) - 2);
}

/** Largest paper number a month can hold in `YYMM.NNNNN` ids. */
const PER_MONTH_MAX = 99_999;
const DAY_MS = 86_400_000;

/** First month of generated ids and dates (January 2026). */
const START_YEAR = 2026;

/** Papers per month of ids: the year's twelve months, more months only past 1.2M papers. */
const perMonthFor = (size: number): number => Math.min(PER_MONTH_MAX, Math.max(1, Math.ceil(size / 12)));

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/**
 * `size` papers, generated one by one (iterate once; call again for another pass over the same corpus).
 * Ids are arXiv style and unique (`2601.00001`, … over twelve or more months); featured dates fall in
 * the id's month, so they spread over a year; published one to three days before.
 */
export function* generateCorpus({ size, seed }: CorpusOptions): Generator<BenchPaper, void, undefined> {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`[bench] bad corpus size ${size}`);
  const s = getSamplers();
  const random = seededRandom(seed);
  const perMonth = perMonthFor(size);
  for (let i = 0; i < size; i++) {
    const month = Math.floor(i / perMonth);
    const year = START_YEAR + Math.floor(month / 12);
    const monthOfYear = (month % 12) + 1;
    const id = `${pad(year % 100, 2)}${pad(monthOfYear, 2)}.${pad((i % perMonth) + 1, 5)}`;
    const daysInMonth = new Date(Date.UTC(year, monthOfYear, 0)).getUTCDate();
    const featured = Date.UTC(year, monthOfYear - 1, 1 + Math.floor(random() * daysInMonth));
    const published = featured - (1 + Math.floor(random() * 3)) * DAY_MS + Math.floor(random() * DAY_MS);
    const primary = CLUSTERS[s.clusters.sample(random)]!;
    const topics = [primary];
    if (random() < 0.3) {
      const secondary = CLUSTERS[s.clusters.sample(random)]!;
      if (secondary !== primary) topics.push(secondary);
    }
    yield {
      id,
      title: titleOf(topics, s, random),
      abstract: abstractOf(topics, s, random),
      authors: authorsOf(random),
      publishedAt: new Date(published).toISOString(),
      featuredOn: new Date(featured).toISOString().slice(0, 10),
      upvotes: upvotesOf(random),
      topics: topics.map((topic) => topic.key),
    };
  }
}

/** The position (0-based) of paper `id` in the corpus of `size` papers it was generated for. */
export function paperOrdinal(id: string, size: number): number {
  const perMonth = perMonthFor(size);
  const year = Number(id.slice(0, 2)) + 2000;
  const month = (year - START_YEAR) * 12 + Number(id.slice(2, 4)) - 1;
  return month * perMonth + Number(id.slice(5)) - 1;
}

/** Words people add to a topic when searching. */
const QUERY_MODIFIERS = [
  "efficient",
  "llm",
  "survey",
  "benchmark",
  "scaling",
  "robust",
  "multimodal",
  "small",
  "theory",
  "agents",
];

/** Picks a word of `cluster` for a query: its most distinctive words are typed most. */
const queryWord = (cluster: Cluster, s: Samplers, random: () => number): string =>
  cluster.words[s.zipf(cluster.words.length).sample(random)]!;

/** The core of a query: one, two (most often) or three words about `cluster`. */
function queryCore(cluster: Cluster, s: Samplers, random: () => number): string[] {
  const r = random();
  const twoWordPhrases = cluster.phrases.filter((p) => p.split(" ").length === 2);
  const threeWordPhrases = cluster.phrases.filter((p) => p.split(" ").length === 3);
  if (r < 0.25) return [queryWord(cluster, s, random)];
  if (r < 0.8) {
    const kind = random();
    if (kind < 0.5 && twoWordPhrases.length > 0) return pick(twoWordPhrases, random).split(" ");
    if (kind < 0.8) {
      const first = queryWord(cluster, s, random);
      let second = queryWord(cluster, s, random);
      for (let tries = 0; second === first && tries < 5; tries++) second = queryWord(cluster, s, random);
      return [first, second];
    }
    return [pick(QUERY_MODIFIERS, random), queryWord(cluster, s, random)];
  }
  if (threeWordPhrases.length > 0 && random() < 0.6) return pick(threeWordPhrases, random).split(" ");
  return [
    ...pick(twoWordPhrases.length > 0 ? twoWordPhrases : cluster.phrases, random)
      .split(" ")
      .slice(0, 2),
    queryWord(cluster, s, random),
  ];
}

/**
 * `count` topical queries as people type them: mostly two words, some one or three, ~12% with a
 * `-excluded` word, ~12% with a "quoted phrase", a few capitalized. Deterministic for a seed.
 */
export function generateQueries({ count, seed }: QueryOptions): BenchQuery[] {
  const s = getSamplers();
  const random = seededRandom(seed ^ 0x5eed);
  const queries: BenchQuery[] = [];
  for (let q = 0; q < count; q++) {
    const cluster = CLUSTERS[s.clusters.sample(random)]!;
    const r = random();
    let text: string;
    if (r < 0.12) {
      const phrase = pick(
        cluster.phrases.filter((p) => p.split(" ").length <= 3),
        random,
      );
      const addWord = random() < 0.3 && phrase.split(" ").length < 3;
      text = addWord ? `"${phrase}" ${pick(QUERY_MODIFIERS, random)}` : `"${phrase}"`;
    } else {
      let words = queryCore(cluster, s, random);
      if (random() < 0.08) words = words.map(capitalize);
      text = words.join(" ");
      if (r > 0.88) {
        const other = CLUSTERS[s.clusters.sample(random)]!;
        const excluded = other === cluster ? pick(QUERY_MODIFIERS, random) : queryWord(other, s, random);
        text = `${text} -${excluded}`;
      }
    }
    queries.push({ text, topic: cluster.key });
  }
  return queries;
}
