// Generates customers/customers.csv: a synthetic, deterministic telecom churn dataset for the lab.
// Why synthetic: it is public domain by construction, ships in the repository, and is built to
// exercise the exam's data topics: correlated numeric features (scaling, PCA), categorical features
// (one-hot encoding), missing values in several columns, and an imbalanced binary label (~14% churn: 13.9% of the rows).
//
// With --batch it generates batch/new-customers.csv instead: 500 new customers to score (ids C10001 on, no churn
// label yet), drawn the same way but drifted, for the MLOps pipeline's drift check (see DRIFT below).
//
//   node generate-customers.mjs [--batch]            rewrite customers/customers.csv (batch/new-customers.csv)
//   node generate-customers.mjs [--batch] --stdout   print the CSV (the tests compare it with the committed file)
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SHIPPED = { rows: 5000, seed: 20261124, firstId: 1, label: true, drift: null, file: "customers/customers.csv" };

// What changed since training, each a thing the drift check must find; everything else is drawn as for training.
const DRIFT = {
  chargesFactor: 1.3,                                  // monthly_charges about 30 % higher, so total_charges too
  regions: { central: 45 },                            // central about 34 % of the rows instead of 12 %
  supportCallsMissing: 0.15,                           // a new intake form lost support_calls for 15 % of the rows
  newContracts: [["three-year", 3]],                   // a contract type the training data never saw (about 3 %)
};
const BATCH = { rows: 500, seed: 20261201, firstId: 10001, label: false, drift: DRIFT, file: "batch/new-customers.csv" };

// mulberry32: a tiny seeded PRNG, so every machine produces the same file.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function draws(seed) {
  const random = prng(seed);
  return {
    random,
    normal: (mean, sd) => mean + sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()),
    pick: (weighted) => {
      let r = random() * weighted.reduce((sum, [, w]) => sum + w, 0);
      for (const [value, w] of weighted) if ((r -= w) < 0) return value;
      return weighted[weighted.length - 1][0];
    },
    missing: (rate, value) => (random() < rate ? "" : value),
  };
}

const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));

const header = [
  "customer_id", "age", "tenure_months", "monthly_charges", "total_charges", "support_calls",
  "data_usage_gb", "contract_type", "payment_method", "region", "has_partner", "churned",
];

const CONTRACTS = [["month-to-month", 55], ["one-year", 25], ["two-year", 20]];
const PAYMENTS = [["electronic-check", 33], ["credit-card", 25], ["bank-transfer", 24], ["mailed-check", 18]];
const REGIONS = [["north", 22], ["south", 26], ["east", 19], ["west", 21], ["central", 12]];
const TENURE_BASE = { "two-year": 42, "three-year": 42, "one-year": 28 }; // else month-to-month's 14

function customer(d, drift) {
  const contract = d.pick(drift ? [...CONTRACTS, ...drift.newContracts] : CONTRACTS);
  const payment = d.pick(PAYMENTS);
  const region = d.pick(drift ? REGIONS.map(([name, w]) => [name, drift.regions[name] ?? w]) : REGIONS);
  const partner = d.random() < 0.48 ? "yes" : "no";
  const age = Math.round(clamp(d.normal(44, 14), 18, 85));
  const tenure = Math.round(clamp(d.normal(TENURE_BASE[contract] ?? 14, 14), 1, 72));
  const monthly = clamp(d.normal(65, 25), 18.25, 120) * (drift ? drift.chargesFactor : 1);
  const total = monthly * tenure * clamp(d.normal(1, 0.04), 0.85, 1.15);
  const usage = Math.exp(d.normal(2.6, 0.7));
  const calls = Math.min(10, Math.floor(-Math.log(1 - d.random()) * (contract === "month-to-month" ? 2.2 : 1.2)));

  const logit = -3.1
    + (contract === "month-to-month" ? 1.5 : contract === "one-year" ? 0.2 : -0.8)
    + (payment === "electronic-check" ? 0.6 : 0)
    + 0.35 * calls
    - 0.035 * tenure
    + 0.012 * (monthly - 65)
    + (partner === "yes" ? -0.3 : 0);
  const churned = d.random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;

  return {
    age: d.missing(0.04, age),
    tenure,
    monthly: monthly.toFixed(2),
    total: d.missing(0.03, total.toFixed(2)),
    calls: drift ? d.missing(drift.supportCallsMissing, calls) : calls,
    usage: d.missing(0.05, usage.toFixed(2)),
    contract,
    payment,
    region: d.missing(0.02, region),
    partner,
    churned,
  };
}

function generate({ rows, seed, firstId, label, drift }) {
  const d = draws(seed);
  const columns = label ? header : header.filter((name) => name !== "churned");
  const lines = [columns.join(",")];
  for (let i = firstId; i < firstId + rows; i++) {
    const c = customer(d, drift);
    const values = [`C${String(i).padStart(5, "0")}`, c.age, c.tenure, c.monthly, c.total, c.calls, c.usage,
      c.contract, c.payment, c.region, c.partner];
    lines.push((label ? [...values, c.churned] : values).join(","));
  }
  return lines.join("\n") + "\n";
}

const dataset = process.argv.includes("--batch") ? BATCH : SHIPPED;
const csv = generate(dataset);
if (process.argv.includes("--stdout")) {
  process.stdout.write(csv);
} else {
  writeFileSync(fileURLToPath(new URL(`./${dataset.file}`, import.meta.url)), csv);
}
