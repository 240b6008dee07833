// Writes a complete, tiny BERT-style feature-extraction model folder (config, WordPiece tokenizer and an ONNX graph)
// for testing the transformers.js embedder without downloading weights: no npm package ships a sentence model.
// The ONNX graph is one Gather: each token's hidden state is its row of EMBEDDINGS, so the pooled vectors a test
// expects can be computed by hand. The protobuf encoding follows onnx.proto (field numbers cited below).
// @see https://github.com/onnx/onnx/blob/main/onnx/onnx.proto
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const TINY_VOCABULARY = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "cat", "dog", "graph", "neural"] as const;
export const HIDDEN_SIZE = 4;
/** One row per vocabulary entry. [PAD] is large so that pooling over padding would show. */
export const EMBEDDINGS: readonly (readonly number[])[] = [
  [0, 0, 0, 50], // [PAD]
  [1, 1, 1, 1], // [UNK]
  [1, 0, 0, 0], // [CLS]
  [0, 1, 0, 0], // [SEP]
  [0, 0, 1, 0], // cat
  [0, 0, 0, 1], // dog
  [0, 0, 2, 2], // graph
  [3, 0, 0, 0], // neural
];

export async function writeTinyBertModelFolder(folder: string): Promise<void> {
  await mkdir(join(folder, "onnx"), { recursive: true });
  await writeFile(
    join(folder, "config.json"),
    JSON.stringify({ model_type: "bert", architectures: ["BertModel"], hidden_size: HIDDEN_SIZE, vocab_size: 8 }),
  );
  await writeFile(join(folder, "tokenizer.json"), JSON.stringify(tokenizerJson()));
  await writeFile(
    join(folder, "tokenizer_config.json"),
    JSON.stringify({
      tokenizer_class: "BertTokenizer",
      do_lower_case: true,
      model_max_length: 16,
      cls_token: "[CLS]",
      sep_token: "[SEP]",
      pad_token: "[PAD]",
      unk_token: "[UNK]",
    }),
  );
  await writeFile(join(folder, "onnx", "model.onnx"), encodeGatherModel());
}

function tokenizerJson(): object {
  const special = (id: number) => ({
    id,
    content: TINY_VOCABULARY[id],
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const template = (id: string) => ({ SpecialToken: { id, type_id: 0 } });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [0, 1, 2, 3].map(special),
    normalizer: {
      type: "BertNormalizer",
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [template("[CLS]"), { Sequence: { id: "A", type_id: 0 } }, template("[SEP]")],
      pair: [
        template("[CLS]"),
        { Sequence: { id: "A", type_id: 0 } },
        template("[SEP]"),
        { Sequence: { id: "B", type_id: 1 } },
      ],
      special_tokens: {
        "[CLS]": { id: "[CLS]", ids: [2], tokens: ["[CLS]"] },
        "[SEP]": { id: "[SEP]", ids: [3], tokens: ["[SEP]"] },
      },
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(TINY_VOCABULARY.map((token, id) => [token, id])),
    },
  };
}

// --- protobuf wire format: varints and length-delimited fields are all an ONNX model needs ---

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

const integerField = (field: number, value: number) => [...varint(field << 3), ...varint(value)];
const bytesField = (field: number, bytes: number[] | Uint8Array) => [
  ...varint((field << 3) | 2),
  ...varint(bytes.length),
  ...bytes,
];
const stringField = (field: number, text: string) => bytesField(field, [...Buffer.from(text)]);

const FLOAT = 1; // TensorProto.DataType
const INT64 = 7;

/** ValueInfoProto{name=1, type=2: TypeProto{tensor_type=1: {elem_type=1, shape=2: {dim=1: {dim_value=1 | dim_param=2}}}}} */
function tensorValueInfo(name: string, elementType: number, dims: (number | string)[]): number[] {
  const shape = dims.flatMap((dim) =>
    bytesField(1, typeof dim === "number" ? integerField(1, dim) : stringField(2, dim)),
  );
  const tensorType = [...integerField(1, elementType), ...bytesField(2, shape)];
  return [...stringField(1, name), ...bytesField(2, bytesField(1, tensorType))];
}

function encodeGatherModel(): Uint8Array {
  const table = new Float32Array(EMBEDDINGS.flat());
  // TensorProto{dims=1, data_type=2, name=8, raw_data=9}
  const initializer = [
    ...integerField(1, EMBEDDINGS.length),
    ...integerField(1, HIDDEN_SIZE),
    ...integerField(2, FLOAT),
    ...stringField(8, "embeddings"),
    ...bytesField(9, new Uint8Array(table.buffer)),
  ];
  // NodeProto{input=1, output=2, name=3, op_type=4}
  const gather = [
    ...stringField(1, "embeddings"),
    ...stringField(1, "input_ids"),
    ...stringField(2, "last_hidden_state"),
    ...stringField(3, "lookup"),
    ...stringField(4, "Gather"),
  ];
  // GraphProto{node=1, name=2, initializer=5, input=11, output=12}
  const graph = [
    ...bytesField(1, gather),
    ...stringField(2, "tiny-bert"),
    ...bytesField(5, initializer),
    ...bytesField(11, tensorValueInfo("input_ids", INT64, ["batch", "sequence"])),
    ...bytesField(11, tensorValueInfo("attention_mask", INT64, ["batch", "sequence"])),
    ...bytesField(12, tensorValueInfo("last_hidden_state", FLOAT, ["batch", "sequence", HIDDEN_SIZE])),
  ];
  // ModelProto{ir_version=1, producer_name=2, graph=7, opset_import=8: {domain=1, version=2}}
  return Uint8Array.from([
    ...integerField(1, 8),
    ...stringField(2, "paperboy-tests"),
    ...bytesField(7, graph),
    ...bytesField(8, [...stringField(1, ""), ...integerField(2, 13)]),
  ]);
}
