"""The Python peer for the scale benchmark: what an analyst would script.

scikit-learn TF-IDF over title + text, then a single-pass centroid clusterer: each article
joins the most similar story centroid active within the last WINDOW_DAYS if cosine >= THRESHOLD,
else starts a story. Prints one JSON line: articles, seconds, BCubed P/R/F1 against gold_story.
"""
import json
import sys
import time
from collections import defaultdict
from datetime import datetime

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

WINDOW_DAYS = 14
THRESHOLD = 0.3


def bcubed(pred, gold):
    by_p, by_g = defaultdict(list), defaultdict(list)
    for i, (p, g) in enumerate(zip(pred, gold)):
        by_p[p].append(i)
        by_g[g].append(i)
    precision = recall = 0.0
    for i, (p, g) in enumerate(zip(pred, gold)):
        same = sum(1 for j in by_p[p] if gold[j] == g)
        precision += same / len(by_p[p])
        recall += same / len(by_g[g])
    n = len(pred)
    precision, recall = precision / n, recall / n
    return precision, recall, 2 * precision * recall / (precision + recall)


def main(path):
    rows = [json.loads(line) for line in open(path)]
    start = time.time()
    rows.sort(key=lambda r: r["published"])
    texts = [(r.get("title") or "") + "\n" + r["text"] for r in rows]
    days = [datetime.fromisoformat(r["published"].replace("Z", "+00:00")).timestamp() / 86400 for r in rows]
    x = TfidfVectorizer(sublinear_tf=True, min_df=2, stop_words="english").fit_transform(texts)
    centroids, sums, last_day, labels = [], [], [], []
    for i in range(x.shape[0]):
        v = x[i]
        best, best_sim = -1, THRESHOLD
        active = [k for k in range(len(centroids)) if days[i] - last_day[k] <= WINDOW_DAYS]
        if active:
            m = np.vstack([centroids[k] for k in active])
            sims = m @ v.toarray().ravel()
            j = int(np.argmax(sims))
            if sims[j] >= best_sim:
                best = active[j]
        if best < 0:
            best = len(centroids)
            sums.append(v.toarray().ravel())
            centroids.append(sums[-1] / (np.linalg.norm(sums[-1]) or 1.0))
            last_day.append(days[i])
        else:
            sums[best] = sums[best] + v.toarray().ravel()
            centroids[best] = sums[best] / (np.linalg.norm(sums[best]) or 1.0)
            last_day[best] = days[i]
        labels.append(best)
    seconds = time.time() - start
    p, r, f = bcubed(labels, [row["gold_story"] for row in rows])
    print(json.dumps({"tool": "python peer", "articles": len(rows), "seconds": round(seconds, 1),
                      "bcubed_p": round(p, 3), "bcubed_r": round(r, 3), "bcubed_f1": round(f, 3)}))


if __name__ == "__main__":
    main(sys.argv[1])
