"""Writes reviews.csv: a synthetic, seeded corpus of labelled customer reviews of the lab's telecom (the churn data's
company), for notebook 09's BlazingText and Comprehend and notebook 08's GRU.

    python3 generate_reviews.py            rewrite reviews.csv next to this file
    python3 generate_reviews.py --stdout   print it (the tests compare it with the committed file)

Why synthetic: public domain by construction, and every line has a known label. Each review joins one to three
clauses about an aspect of the service (network, price, support...), each clause drawn from the label's phrase pool;
a negative clause may be a negated positive phrase ("is not reliable"), and 10% of positive and negative reviews add a
neutral clause, so a model must weigh words rather than spot one. Python's random.Random with a fixed seed gives the
same file on every machine (its algorithm is stable across Python 3 releases).
"""
import csv
import io
import os
import random
import sys

SEED = 20261201
ROWS = 3000
LABELS = ["positive", "negative", "neutral"]

ASPECTS = ["the network", "the coverage", "the price", "my monthly bill", "customer support", "the mobile app",
           "the data speed", "the contract", "the roaming service", "the installation", "the website", "the router"]
POSITIVE = ["is excellent", "is reliable", "works perfectly", "is fast", "is great value", "exceeded my expectations",
            "is friendly and helpful", "never lets me down", "is better than my old provider", "is easy to use",
            "solved my problem quickly", "is worth every cent"]
NEGATIVE = ["is terrible", "keeps dropping", "is far too slow", "is a rip-off", "is confusing", "wasted my whole afternoon",
            "is rude and unhelpful", "failed again today", "is worse than my old provider", "crashes all the time",
            "never answers", "charged me twice"]
NEUTRAL = ["is as described", "changed last month", "is similar to other providers", "was set up on Tuesday",
           "is available in my area", "is what I expected", "has a new menu", "is billed monthly",
           "was explained by the agent", "comes with the standard plan"]
NEGATABLE = ["is reliable", "is fast", "is easy to use", "is great value", "is friendly and helpful"]
OPENERS = ["", "", "", "Honestly, ", "Overall, ", "I have to say ", "After three months, ", "So far "]
CLOSERS = {"positive": ["", "", " I will stay.", " Highly recommended.", " Thank you!"],
           "negative": ["", "", " I am cancelling.", " Very disappointed.", " Never again."],
           "neutral": ["", "", " No complaints so far.", " We will see.", ""]}


def clause(rng, label):
    aspect = rng.choice(ASPECTS)
    if label == "negative" and rng.random() < 0.25:
        return f"{aspect} {rng.choice(NEGATABLE).replace('is ', 'is not ', 1)}"
    return f"{aspect} {rng.choice({'positive': POSITIVE, 'negative': NEGATIVE, 'neutral': NEUTRAL}[label])}"


def review(rng, label):
    clauses = [clause(rng, label) for _ in range(rng.randint(1, 3))]
    if label != "neutral" and rng.random() < 0.10:
        clauses.insert(rng.randrange(len(clauses) + 1), clause(rng, "neutral"))
    text = rng.choice(OPENERS) + " and ".join(clauses) + "." + rng.choice(CLOSERS[label])
    return text[0].upper() + text[1:]


def rows():
    rng = random.Random(SEED)
    for number in range(1, ROWS + 1):
        label = rng.choices(LABELS, weights=[0.45, 0.35, 0.20])[0]
        yield {"review_id": f"R{number:05d}", "label": label, "text": review(rng, label)}


def main():
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["review_id", "label", "text"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows())
    if "--stdout" in sys.argv:
        sys.stdout.write(out.getvalue())
    else:
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "reviews.csv"), "w", encoding="utf-8", newline="") as f:
            f.write(out.getvalue())


if __name__ == "__main__":
    main()
