// Papertrail's file formats for Decap CMS (the web editor at /admin/): a save changes
// the lines of the fields the editor changed, and nothing else.
//
// Decap's own formats write every file anew from its fields: a one-line summary edit
// came back as a 95-line diff (keys reordered, the yaml-language-server comment gone,
// `entities: [a, b]` turned into a block list). These formats keep the file as it was
// read (in a field no form shows) and apply only the changed fields to it with yaml's
// Document API, which keeps comments, key order and each list's style.
import { YAML } from "./yaml/index.js";

YAML.scalarOptions.str.fold.lineWidth = 100;

// Where the file as read travels with the entry (Decap keeps fields no widget shows).
const SOURCE = "__papertrail_source";
const FRONT = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/;

function isEmpty(value) {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// The lines of the fields that changed, rewritten in `source`; every other byte stays.
// A changed field's lines are replaced by the field written anew (a list keeps its flow
// or block style), a cleared field's lines are removed, a new field is added at the end,
// and fields the form did not send are left as they are.
export function updateYaml(source, fields) {
  let text = source || "";
  const doc = YAML.parseDocument(text);
  const old = doc.toJSON() || {};
  const pairs = (doc.contents && doc.contents.items) || [];
  const edits = [];
  let added = "";
  for (const [key, value] of Object.entries(fields)) {
    if (key === SOURCE || same(old[key], value) || (isEmpty(value) && !(key in old))) continue;
    const pair = pairs.find((p) => p.key && String(p.key.value !== undefined ? p.key.value : p.key) === key);
    const written = isEmpty(value) ? "" : writeField(key, value, pair && pair.value && pair.value.type === "FLOW_SEQ");
    if (pair && pair.key.range) {
      const last = pair.value && pair.value.range ? pair.value.range[1] : pair.key.range[1];
      edits.push([lineStart(text, pair.key.range[0]), lineEnd(text, last), written]);
    } else {
      added += written;
    }
  }
  edits.sort((a, b) => b[0] - a[0]);
  for (const [start, end, written] of edits) text = text.slice(0, start) + written + text.slice(end);
  if (added) text = (text && !text.endsWith("\n") ? text + "\n" : text) + added;
  return text;
}

// "key: value" as Papertrail's files write it: lists of ids as `[a, b]` where the file
// had them so, block lists unindented, long text folded at 100 characters.
function writeField(key, value, flow) {
  if (flow && Array.isArray(value) && value.every((v) => typeof v !== "object")) {
    return `${key}: [${value.map((v) => YAML.stringify(v).trim()).join(", ")}]\n`;
  }
  return YAML.stringify({ [key]: value }, { indentSeq: false });
}

function lineStart(text, at) {
  return text.lastIndexOf("\n", at - 1) + 1;
}

function lineEnd(text, at) {
  // `at` is where the value ends: through the end of that line (its line break too).
  const before = at > 0 && text[at - 1] === "\n" ? at - 1 : at;
  const next = text.indexOf("\n", before);
  return next === -1 ? text.length : next + 1;
}

function fromFrontMatter(content) {
  const match = FRONT.exec(content);
  const front = match ? match[1] + "\n" : "";
  const data = (front && YAML.parse(front)) || {};
  data.body = match ? match[2] : content;
  data[SOURCE] = front;
  return data;
}

function toFrontMatter(data) {
  const { body, [SOURCE]: front, ...fields } = data;
  // A blank line after the front matter and a newline at the end, as `papertrail new`
  // writes them (the editor's text box trims both).
  let text = body || "";
  if (text && !text.startsWith("\n")) text = "\n" + text;
  if (text && !text.endsWith("\n")) text += "\n";
  return `---\n${updateYaml(front, fields)}---\n${text}`;
}

function fromYaml(content) {
  const data = YAML.parse(content) || {};
  data[SOURCE] = content;
  return data;
}

function toYaml(data) {
  const { [SOURCE]: source, ...fields } = data;
  return updateYaml(source, fields);
}

export function registerFormats(CMS) {
  CMS.registerCustomFormat("papertrail-frontmatter", "md", { fromFile: fromFrontMatter, toFile: toFrontMatter });
  CMS.registerCustomFormat("papertrail-yml", "yml", { fromFile: fromYaml, toFile: toYaml });
}
