// Generates customers/customers.csv: a synthetic, deterministic telecom churn dataset for the lab.
// Why synthetic: it is public domain by construction, ships in the repository, and is built to
// exercise the exam's data topics: correlated numeric features (scaling, PCA), categorical features
// (one-hot encoding), missing values in several columns, and an imbalanced binary label (~14% churn: 13.9% of the rows).
//
//   node generate-customers.mjs            rewrite customers/customers.csv
//   node generate-customers.mjs --stdout   print the CSV (the tests compare it with the committed file)
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROWS = 5000;
const SEED = 20261124;

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

const random = prng(SEED);
const normal = (mean, sd) => mean + sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const pick = (weighted) => {
  let r = random() * weighted.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, w] of weighted) if ((r -= w) < 0) return value;
  return weighted[weighted.length - 1][0];
};
const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
const missing = (rate, value) => (random() < rate ? "" : value);

const header = [
  "customer_id", "age", "tenure_months", "monthly_charges", "total_charges", "support_calls",
  "data_usage_gb", "contract_type", "payment_method", "region", "has_partner", "churned",
];

const rows = [header.join(",")];
for (let i = 1; i <= ROWS; i++) {
  const contract = pick([["month-to-month", 55], ["one-year", 25], ["two-year", 20]]);
  const payment = pick([["electronic-check", 33], ["credit-card", 25], ["bank-transfer", 24], ["mailed-check", 18]]);
  const region = pick([["north", 22], ["south", 26], ["east", 19], ["west", 21], ["central", 12]]);
  const partner = random() < 0.48 ? "yes" : "no";
  const age = Math.round(clamp(normal(44, 14), 18, 85));
  const tenureBase = contract === "two-year" ? 42 : contract === "one-year" ? 28 : 14;
  const tenure = Math.round(clamp(normal(tenureBase, 14), 1, 72));
  const monthly = clamp(normal(65, 25), 18.25, 120);
  const total = monthly * tenure * clamp(normal(1, 0.04), 0.85, 1.15);
  const usage = Math.exp(normal(2.6, 0.7));
  const calls = Math.min(10, Math.floor(-Math.log(1 - random()) * (contract === "month-to-month" ? 2.2 : 1.2)));

  const logit = -3.1
    + (contract === "month-to-month" ? 1.5 : contract === "one-year" ? 0.2 : -0.8)
    + (payment === "electronic-check" ? 0.6 : 0)
    + 0.35 * calls
    - 0.035 * tenure
    + 0.012 * (monthly - 65)
    + (partner === "yes" ? -0.3 : 0);
  const churned = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;

  rows.push([
    `C${String(i).padStart(5, "0")}`,
    missing(0.04, age),
    tenure,
    monthly.toFixed(2),
    missing(0.03, total.toFixed(2)),
    calls,
    missing(0.05, usage.toFixed(2)),
    contract,
    payment,
    missing(0.02, region),
    partner,
    churned,
  ].join(","));
}

const csv = rows.join("\n") + "\n";
if (process.argv.includes("--stdout")) {
  process.stdout.write(csv);
} else {
  writeFileSync(fileURLToPath(new URL("./customers/customers.csv", import.meta.url)), csv);
}
