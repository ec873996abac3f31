/**
 * The field's vocabulary that search reads a query through: each entry lists names that mean the same
 * thing (a term, its abbreviation, its synonyms), so a search for one also finds papers that use
 * another. Only true equivalents belong here: related ideas (DPO and RLHF, LoRA and PEFT) do not.
 * An entry with a single name is a field term with no known synonym; it still tells a generic word
 * ("learning") which topics it names. Names are written as people read them; matching is on stems,
 * so plurals and hyphens need no entries ("mixture-of-experts models" matches "mixture of experts").
 */
export const FIELD_TERMS: readonly (readonly string[])[] = [
  // Language models and training.
  ["large language model", "LLM"],
  ["mixture of experts", "MoE"],
  ["state space model", "SSM"],
  ["chain of thought", "CoT"],
  ["in-context learning", "ICL"],
  ["supervised fine-tuning", "SFT"],
  ["low-rank adaptation", "LoRA"],
  ["parameter-efficient fine-tuning", "PEFT"],
  ["knowledge distillation", "KD"],
  ["retrieval-augmented generation", "RAG"],
  ["key-value cache", "KV cache"],
  // Speculative sampling (DeepMind) and speculative decoding (Google) name the same method, published together.
  ["speculative decoding", "speculative sampling"],
  // "Model editing" is the older name of the same task: changing a trained model's facts in place.
  ["knowledge editing", "model editing"],
  // Spending more computation when answering; the papers use all four names for one topic.
  ["test-time compute", "test-time scaling", "inference-time scaling", "inference-time compute"],
  // Alignment and reinforcement learning.
  ["reinforcement learning", "RL"],
  ["reinforcement learning from human feedback", "RLHF"],
  ["reinforcement learning from AI feedback", "RLAIF"],
  ["direct preference optimization", "DPO"],
  ["proximal policy optimization", "PPO"],
  ["group relative policy optimization", "GRPO"],
  // Continual learning: the survey literature treats the three names as one field.
  ["continual learning", "lifelong learning", "incremental learning"],
  // McCloskey and Cohen's 1989 name for catastrophic forgetting.
  ["catastrophic forgetting", "catastrophic interference"],
  ["machine unlearning"],
  ["federated learning"],
  ["federated averaging", "FedAvg"],
  // Interpretability.
  ["sparse autoencoder", "SAE"],
  // "Mech interp" is the community's shorthand.
  ["mechanistic interpretability", "mech interp"],
  // Vision and multimodal models.
  ["vision transformer", "ViT"],
  ["diffusion transformer", "DiT"],
  ["vision-language model", "VLM", "large vision-language model", "LVLM"],
  ["multimodal large language model", "MLLM", "multimodal LLM"],
  ["vision-language-action model", "VLA"],
  ["diffusion model"],
  ["text-to-image", "T2I"],
  ["generative adversarial network", "GAN"],
  ["variational autoencoder", "VAE"],
  ["convolutional neural network", "CNN"],
  ["recurrent neural network", "RNN"],
  ["long short-term memory", "LSTM"],
  ["graph neural network", "GNN"],
  ["neural radiance field", "NeRF"],
  ["optical character recognition", "OCR"],
  // Speech.
  ["automatic speech recognition", "ASR", "speech recognition", "speech-to-text"],
  ["text-to-speech", "TTS", "speech synthesis"],
  // Language tasks.
  ["natural language processing", "NLP"],
  ["named entity recognition", "NER"],
  ["question answering", "QA"],
  // Quantization, under the names of its forms.
  ["post-training quantization", "PTQ"],
  ["quantization-aware training", "QAT"],
  ["4-bit", "INT4"],
  ["8-bit", "INT8"],
  // Proteins: predicting a protein's folded structure is what "protein folding" means in ML papers.
  ["protein structure prediction", "protein folding"],
];
