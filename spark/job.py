"""storyline on Apache Spark: the stages of `storyline run`, run by Spark.

Per article (mapInArrow): read, clean, tag and date each record. Per overlapping time window
(applyInArrow): link entities, build features, find, describe, date and link stories. On the
driver: stitch the windows' stories into one set (the library's `window::stitch`). With Spark
SQL: coverage and lead-lag. Every table is built and written by storyline's own code, so the
tables have `storyline run`'s schemas and `storyline report --state OUT` draws them.

All pipeline logic is the Rust library's (the `storyline_native` module); this file only moves
batches and runs SQL. Run it through `spark/run.sh`.
"""

import argparse
import io
import json
import os
import sys
import time
import uuid

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from pyspark import StorageLevel, TaskContext
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

import storyline_native as native

PREPARED = "id string, published_ms long, undated boolean, prepared string, reject string"
ASSIGNED = "window long, home boolean, prepared string"
CLUSTERED = (
    "window long, kind string, label long, article_id string, home boolean, "
    "published_ms long, payload string"
)
WRITTEN = "tbl string, path string, rows long"
# The per-article tables, written by the executors as part files of a folder each.
ARTICLE_TABLES = ["articles", "entities", "mentions", "article_dates"]


def parquet_bytes(table: pa.Table) -> bytes:
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def table_of(data: bytes) -> pa.Table:
    return pq.read_table(pa.BufferReader(data))


def batches_as(table: pa.Table, schema: pa.Schema):
    """The table's batches in Spark's declared types (Rust's strings arrive as large or view
    strings)."""
    for b in table.cast(schema).to_batches():
        yield b


def arrow_schema(spark_ddl: str) -> pa.Schema:
    kinds = {"string": pa.string(), "long": pa.int64(), "boolean": pa.bool_()}
    fields = []
    for part in spark_ddl.split(","):
        name, kind = part.split()
        fields.append(pa.field(name, kinds[kind]))
    return pa.schema(fields)


def filesystem(uri: str):
    """A pyarrow filesystem and path for any URI Spark writes to (s3a:// is s3:// here)."""
    if uri.startswith("s3a://"):
        uri = "s3://" + uri[len("s3a://"):]
    if "://" not in uri:
        uri = os.path.abspath(uri)
        return pafs.LocalFileSystem(), uri
    return pafs.FileSystem.from_uri(uri)


def write_bytes(fs, path: str, data: bytes):
    with fs.open_output_stream(path) as out:
        out.write(data)


def quantile(q):
    """The q-quantile of the sorted array column `sorted`, interpolated between the nearest
    ranks in the library's own arithmetic (Spark's `percentile` differs in the last bit)."""
    pos = F.lit(q) * (F.size("sorted") - 1).cast("double")
    lo, hi = F.floor(pos), F.ceil(pos)
    at = lambda i: F.element_at("sorted", (i + 1).cast("int"))
    return at(lo) + (at(hi) - at(lo)) * (pos - lo.cast("double"))


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="spark/run.sh",
        description="Find the stories in a pile of news articles with Apache Spark, writing the "
        "tables `storyline run` writes.",
    )
    p.add_argument("inputs", nargs="+", help="JSONL or Parquet files or folders (any path Spark reads)")
    p.add_argument("--out", required=True, help="Folder for the tables (any path Spark writes)")
    p.add_argument(
        "--window-days",
        type=int,
        default=28,
        help="Stride of the overlapping time windows, in days; each window spans two strides. "
        "A pile shorter than two strides, or one `storyline run` clusters as one batch (the "
        "time-aware clusterer, up to 15,000 articles), is one window, and gives exactly "
        "`storyline run`'s stories",
    )
    p.add_argument(
        "--algorithm",
        choices=["time-aware", "online", "dbscan", "kmeans"],
        default=None,
        help="Clustering algorithm, as `storyline run --algorithm` (default: time-aware, which "
        "hands over to the single pass above 15,000 articles)",
    )
    p.add_argument("--skip-invalid", action="store_true", help="Collect bad records in rejects.jsonl instead of failing")
    p.add_argument("--partitions", type=int, default=0, help="Partitions for the per-article stages (default: Spark's parallelism)")
    return p.parse_args(argv)


def read_records(spark, inputs):
    """Input records as (file, line, json). JSONL is read as lines; Parquet rows become JSON."""
    frames = []
    jsonl = [p for p in inputs if not p.rstrip("/").endswith(".parquet")]
    parquet = [p for p in inputs if p.rstrip("/").endswith(".parquet")]
    if jsonl:
        lines = spark.read.text(jsonl).select(
            F.input_file_name().alias("file"),
            F.lit(0).cast("long").alias("line"),
            F.regexp_replace(F.col("value"), "^\ufeff", "").alias("json"),
        )
        frames.append(lines.where(F.trim(F.col("json")) != ""))
    if parquet:
        rows = spark.read.parquet(*parquet)
        frames.append(
            rows.select(
                F.input_file_name().alias("file"),
                F.lit(0).cast("long").alias("line"),
                F.to_json(F.struct(*[F.col(c) for c in rows.columns])).alias("json"),
            )
        )
    out = frames[0]
    for f in frames[1:]:
        out = out.unionByName(f)
    return out


def main(argv):
    args = parse_args(argv)
    started = time.time()
    spark = SparkSession.builder.appName("storyline").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    say = lambda msg: print(f"[storyline-spark {time.time() - started:7.1f}s] {msg}", file=sys.stderr, flush=True)
    skip_invalid = args.skip_invalid

    # 1. Per article: read, clean, tag, date.
    records = read_records(spark, args.inputs)
    if args.partitions:
        records = records.repartition(args.partitions)
    prepared_schema = arrow_schema(PREPARED)

    def prepare(batches):
        for b in batches:
            out = table_of(native.prepare(parquet_bytes(pa.Table.from_batches([b])), skip_invalid))
            yield from batches_as(out, prepared_schema)

    prepared = records.mapInArrow(prepare, PREPARED).persist(StorageLevel.DISK_ONLY)
    rejects = prepared.where(F.col("reject").isNotNull()).select("reject")
    prepared = prepared.where(F.col("reject").isNull())

    # Pages that named no year are placed near the median date of the dated articles.
    undated = prepared.where(F.col("undated"))
    if undated.limit(1).count() > 0:
        dates = [
            r[0]
            for r in prepared.where(~F.col("undated"))
            .select(F.date_format(F.timestamp_millis("published_ms"), "yyyy-MM-dd"))
            .collect()
        ]
        median = native.median_date(dates)

        def place(batches):
            for b in batches:
                out = table_of(native.place_undated(parquet_bytes(pa.Table.from_batches([b])), median))
                yield from batches_as(out, prepared_schema)

        placed = undated.mapInArrow(place, PREPARED).persist(StorageLevel.DISK_ONLY)
        rejects = rejects.unionByName(placed.where(F.col("reject").isNotNull()).select("reject"))
        prepared = prepared.where(~F.col("undated")).unionByName(placed.where(F.col("reject").isNull()))

    # Duplicate ids: one is kept, the smallest content, as `storyline run` keeps it. Found on
    # the id column alone; only the rows of a duplicated id are ranked.
    repeated = prepared.groupBy("id").count().where(F.col("count") > 1).select("id")
    if repeated.limit(1).count() > 0:
        if not skip_invalid:
            first = repeated.orderBy("id").first()[0]
            raise SystemExit(f"duplicate id {first!r} (use --skip-invalid to keep one and reject the others)")
        content = lambda f: F.get_json_object("prepared", f"$.article.{f}")
        ranked = prepared.join(F.broadcast(repeated), "id").withColumn(
            "rank",
            F.row_number().over(
                Window.partitionBy("id").orderBy(content("text"), content("title"), content("outlet"), "published_ms")
            ),
        )
        duplicates = ranked.where(F.col("rank") > 1)
        rejects = rejects.unionByName(
            duplicates.select(
                F.to_json(
                    F.struct(
                        F.get_json_object("prepared", "$.article.source.file").alias("file"),
                        F.get_json_object("prepared", "$.article.source.line").cast("long").alias("line"),
                        F.concat(F.lit("duplicate id "), F.col("id")).alias("reason"),
                        F.substring(content("text"), 1, 2000).alias("record"),
                    )
                ).alias("reject")
            )
        )
        kept = ranked.where(F.col("rank") == 1).drop("rank")
        prepared = prepared.join(F.broadcast(repeated), "id", "left_anti").unionByName(kept)
        prepared = prepared.persist(StorageLevel.DISK_ONLY)
    articles = prepared
    stats = articles.agg(F.count("*"), F.min("published_ms"), F.max("published_ms")).first()
    n_articles = stats[0]
    if n_articles == 0:
        raise SystemExit("no articles in the input")
    say(f"prepared {n_articles} articles")

    # 2. Per window: stories.
    origin, stride, count = native.plan_windows(stats[1], stats[2], args.window_days, n_articles, args.algorithm)
    idf_days = native.idf_days()
    if count > 1 and stride < 2 * idf_days:
        say(
            f"warning: a {stride}-day stride is under twice the {idf_days:g} days idf counts "
            "either side of an article, so words near a window's edge are weighed on fewer "
            "articles than `storyline run` weighs them on, and the stories may differ more"
        )
    assigned_schema = arrow_schema(ASSIGNED)

    def assign(batches):
        for b in batches:
            out = table_of(native.assign_windows(parquet_bytes(pa.Table.from_batches([b])), origin, stride, count))
            yield from batches_as(out, assigned_schema)

    clustered_schema = arrow_schema(CLUSTERED)

    def cluster(table):
        out = table_of(native.cluster_window(parquet_bytes(table), n_articles, args.algorithm))
        return out.cast(clustered_schema)

    windows = articles.select("published_ms", "prepared").mapInArrow(assign, ASSIGNED)
    clustered = (
        windows.repartition(max(1, min(count, spark.sparkContext.defaultParallelism * 4)), "window")
        .groupBy("window")
        .applyInArrow(cluster, CLUSTERED)
        .persist(StorageLevel.DISK_ONLY)
    )
    n_rows = clustered.count()
    say(f"clustered {count} window(s), {n_rows} rows")

    # 3. On the driver: windows stitched into stories; the story table and the timeline.
    members = clustered.where(F.col("kind") == "member").select("window", "label", "article_id", "home", "payload")
    stories = clustered.where(F.col("kind") == "story").select("payload")
    story_of_bytes, stories_bytes, timeline_bytes = native.stitch(
        parquet_bytes(members.toArrow()), parquet_bytes(stories.toArrow())
    )
    story_of = spark.createDataFrame(table_of(story_of_bytes).cast(
        pa.schema([("article_id", pa.string()), ("story_id", pa.string()), ("wire", pa.bool_())])
    ))
    say("stitched the windows' stories")

    # 4. Everything goes to a staging folder first, then into place.
    fs, out_root = filesystem(args.out)
    staging = f"{out_root}/_staging-{uuid.uuid4().hex[:12]}"
    fs.create_dir(staging, recursive=True)
    try:
        for t in ARTICLE_TABLES:
            fs.create_dir(f"{staging}/{t}.parquet", recursive=True)
        write_bytes(fs, f"{staging}/stories.parquet", stories_bytes)
        write_bytes(fs, f"{staging}/timeline.parquet", timeline_bytes)

        # Per-article tables: range-partitioned by (published, id), so the part files in name
        # order hold the rows in `storyline run`'s order.
        homes = clustered.where(F.col("kind") == "article").select("article_id", "published_ms", "payload")
        with_story = homes.join(story_of.select("article_id", "story_id"), "article_id", "left")
        parts = max(1, min(200, (n_articles + 49_999) // 50_000))
        ordered = with_story.repartitionByRange(parts, "published_ms", "article_id").sortWithinPartitions(
            "published_ms", "article_id"
        )
        written_schema = arrow_schema(WRITTEN)

        def write_parts(batches):
            tables = [pa.Table.from_batches([b]) for b in batches]
            if not tables:
                return
            part = TaskContext.get().partitionId()
            local_fs, _ = filesystem(args.out)
            data = native.article_tables(parquet_bytes(pa.concat_tables(tables)))
            rows = []
            for name, blob in zip(ARTICLE_TABLES, data):
                path = f"{staging}/{name}.parquet/part-{part:05d}.parquet"
                write_bytes(local_fs, path, blob)
                rows.append((name, path, pq.ParquetFile(pa.BufferReader(blob)).metadata.num_rows))
            yield pa.RecordBatch.from_pylist(
                [{"tbl": n, "path": p, "rows": r} for n, p, r in rows], schema=written_schema
            )

        written = ordered.mapInArrow(write_parts, WRITTEN).collect()
        say(f"wrote {len(written)} part files")

        # 5. Coverage and lead-lag with Spark SQL, over each article's story, outlet, time and
        # whether it is a later copy of a wire text.
        facts = members.where(F.col("home")).select(
            "article_id",
            F.get_json_object("payload", "$.facts.outlet").alias("outlet"),
        )
        times = homes.select("article_id", "published_ms")
        arts = facts.join(times, "article_id").join(story_of, "article_id")
        arts.createOrReplaceTempView("arts")
        coverage = spark.sql(
            """
            WITH story AS (
                SELECT story_id, count(*) AS n_story, min(published_ms) AS story_first_ms,
                       min(CASE WHEN NOT wire THEN published_ms END) AS first_report_ms,
                       min_by(CASE WHEN NOT wire THEN outlet END,
                              CASE WHEN NOT wire THEN struct(published_ms, article_id) END) AS first_outlet
                FROM arts GROUP BY story_id),
            outlet_total AS (SELECT outlet, count(*) AS n_outlet FROM arts GROUP BY outlet),
            per AS (
                SELECT story_id, outlet, count(*) AS n_articles,
                       sum(CASE WHEN wire THEN 1 ELSE 0 END) AS n_wire,
                       min(published_ms) AS first_published_ms, max(published_ms) AS last_published_ms,
                       min(CASE WHEN NOT wire THEN published_ms END) AS first_original_ms
                FROM arts GROUP BY story_id, outlet)
            SELECT per.outlet, per.story_id, story.story_first_ms, per.n_articles, per.n_wire,
                   per.first_published_ms, per.last_published_ms, per.first_original_ms,
                   CAST((coalesce(per.first_original_ms, per.first_published_ms)
                         - coalesce(story.first_report_ms, story.story_first_ms)) / 1000 AS BIGINT)
                       / 3600D AS lag_hours,
                   coalesce(story.first_outlet = per.outlet, false) AS first_to_report,
                   per.n_articles / story.n_story AS share_of_story,
                   per.n_articles / outlet_total.n_outlet AS share_of_outlet
            FROM per JOIN story USING (story_id) JOIN outlet_total USING (outlet)
            """
        )
        lead_lag = spark.sql(
            """
            WITH firsts AS (
                SELECT story_id, outlet, min(published_ms) AS t FROM arts WHERE NOT wire
                GROUP BY story_id, outlet),
            pairs AS (
                SELECT a.outlet AS outlet_a, b.outlet AS outlet_b,
                       CAST((b.t - a.t) / 1000 AS BIGINT) / 3600D AS hours
                FROM firsts a JOIN firsts b ON a.story_id = b.story_id AND a.outlet < b.outlet)
            SELECT outlet_a, outlet_b, count(*) AS n_shared,
                   sum(CASE WHEN hours > 0 THEN 1 ELSE 0 END) AS a_first,
                   sum(CASE WHEN hours < 0 THEN 1 ELSE 0 END) AS b_first,
                   sum(CASE WHEN hours = 0 THEN 1 ELSE 0 END) AS ties,
                   sort_array(collect_list(hours)) AS sorted
            FROM pairs GROUP BY outlet_a, outlet_b
            """
        ).select(
            "outlet_a",
            "outlet_b",
            "n_shared",
            "a_first",
            "b_first",
            "ties",
            quantile(0.5).alias("median_lag_hours"),
            quantile(0.25).alias("p25"),
            quantile(0.75).alias("p75"),
        )
        write_bytes(fs, f"{staging}/coverage.parquet", native.coverage_table(parquet_bytes(coverage.toArrow())))
        write_bytes(fs, f"{staging}/lead_lag.parquet", native.lead_lag_table(parquet_bytes(lead_lag.toArrow())))
        say("coverage and lead-lag computed")

        reject_lines = [r[0] for r in rejects.collect()]
        reject_lines.sort()
        manifest = {
            "tool": "storyline-spark",
            "version": native.__version__,
            "inputs": args.inputs,
            "windows": {"origin_ms": origin, "stride_days": stride, "count": count},
            "counts": {
                "articles": n_articles,
                "rejected": len(reject_lines),
                "stories": pq.read_table(pa.BufferReader(stories_bytes)).num_rows,
            },
            "seconds": round(time.time() - started, 1),
            "master": spark.sparkContext.master,
        }
        write_bytes(fs, f"{staging}/manifest.json", (json.dumps(manifest, indent=2) + "\n").encode())
        if reject_lines:
            write_bytes(fs, f"{staging}/rejects.jsonl", ("\n".join(reject_lines) + "\n").encode())

        # Into place: each table replaces the one of an earlier run.
        names = [f"{t}.parquet" for t in ARTICLE_TABLES] + [
            "stories.parquet",
            "timeline.parquet",
            "coverage.parquet",
            "lead_lag.parquet",
            "manifest.json",
        ] + (["rejects.jsonl"] if reject_lines else [])
        for name in names:
            target = f"{out_root}/{name}"
            info = fs.get_file_info(target)
            if info.type == pafs.FileType.Directory:
                fs.delete_dir(target)
            elif info.type == pafs.FileType.File:
                fs.delete_file(target)
            fs.move(f"{staging}/{name}", target)
        stale = f"{out_root}/rejects.jsonl"
        if not reject_lines and fs.get_file_info(stale).type == pafs.FileType.File:
            fs.delete_file(stale)
        fs.delete_dir(staging)
    except BaseException:
        # A failed run leaves the tables of the run before it as they were.
        try:
            fs.delete_dir(staging)
        except OSError:
            pass
        raise
    say(f"done: {n_articles} articles, {manifest['counts']['stories']} stories, tables in {args.out}")
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
