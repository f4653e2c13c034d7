"""`msoc households …`: the target-group register from the command line.

generate   a synthetic register, into the database or (for scale) into a Parquet folder
import     a จปฐ.-style survey file (docs/register-survey-format.md)
index      compute the multidimensional poverty indices (DuckDB or Spark)
screen     train, evaluate and apply the advisory risk-screening model
duplicates find likely duplicate people and households for a person to decide
export     indices or households; anything with personal data is encrypted
decrypt    open an encrypted export
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from msoc.apps.accounts.roles import RoleError, parse_provinces
from msoc.progress import each, steps


class Command(BaseCommand):
    help = "Target-group register: generate, import, index, screen, duplicates, export, decrypt."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        gen = sub.add_parser("generate", help="a synthetic register (never real people)")
        gen.add_argument("--provinces", default="นครราชสีมา", help="names or ids, comma-separated")
        gen.add_argument("--households", type=int, default=2000)
        gen.add_argument("--seed", type=int, default=2568)
        gen.add_argument("--year", type=int, default=2568)
        gen.add_argument("--parquet", type=Path, help="write a Parquet folder instead of the DB")
        gen.add_argument("--all-provinces", action="store_true", help="the whole country")
        gen.add_argument(
            "--duplicates",
            type=int,
            default=0,
            help="also enter this many people twice with small slips (demo of duplicate checks)",
        )
        gen.add_argument(
            "--if-empty", action="store_true", help="do nothing when the register has households"
        )
        imp = sub.add_parser("import", help="a จปฐ.-style survey file (CSV or XLSX)")
        imp.add_argument("path", type=Path)
        imp.add_argument(
            "--keep-good",
            action="store_true",
            help="store the good households of a file with errors",
        )
        imp.add_argument(
            "--user",
            help="import as this account: only its provinces, recorded under its name",
        )
        idx = sub.add_parser("index", help="multidimensional poverty indices")
        idx.add_argument("--year", type=int, default=2568)
        idx.add_argument("--engine", choices=["duckdb", "spark"], default=None)
        idx.add_argument("--parquet", type=Path, help="compute a Parquet folder, not the DB")
        idx.add_argument("--output", type=Path, help="areas CSV (with --parquet)")
        scr = sub.add_parser("screen", help="train, evaluate and apply the screening model")
        scr.add_argument("--year", type=int, default=None)
        scr.add_argument("--panel", type=Path, nargs=2, metavar=("WAVE1", "WAVE2"))
        scr.add_argument("--train-households", type=int, default=20000)
        dup = sub.add_parser("duplicates", help="likely duplicates, for a person to decide")
        dup.add_argument("--provinces", required=True)
        exp = sub.add_parser("export", help="indices (plain CSV) or households (encrypted)")
        exp.add_argument("what", choices=["areas", "households"])
        exp.add_argument("--output", type=Path, required=True)
        exp.add_argument("--year", type=int, default=2568)
        exp.add_argument("--provinces", default="all")
        exp.add_argument("--passphrase-file", type=Path)
        per = sub.add_parser("person", help="PDPA access request: all held about one person")
        per.add_argument("--national-id", required=True)
        per.add_argument("--output", type=Path, required=True)
        per.add_argument("--passphrase-file", type=Path, required=True)
        dec = sub.add_parser("decrypt", help="open an encrypted export")
        dec.add_argument("path", type=Path)
        dec.add_argument("--passphrase-file", type=Path, required=True)
        dec.add_argument("--output", type=Path, required=True)

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            getattr(self, "_" + opts["action"])(opts)
        except (ValueError, RoleError, OSError) as exc:
            raise CommandError(str(exc)) from exc

    def _provinces(self, text: str) -> list[int]:
        codes, every = parse_provinces(text)
        if every:
            from msoc.register.synthetic_geography import province_table

            return [int(x) for x in province_table().ids]
        return codes

    def _generate(self, opts: dict[str, Any]) -> None:
        from msoc.apps.register.actions.synthetic import do_generate_register
        from msoc.register import synthetic
        from msoc.register.tables import to_parquet

        provinces = None if opts["all_provinces"] else self._provinces(opts["provinces"])
        if opts["if_empty"] and not opts["parquet"]:
            from msoc.apps.register.models import Household

            if Household.objects.exists():
                self.stdout.write("ทะเบียนมีครัวเรือนอยู่แล้ว: ไม่สร้างเพิ่ม")
                return
        if opts["parquet"]:
            register = synthetic.generate(
                opts["households"], seed=opts["seed"], provinces=provinces, year=opts["year"]
            )
            to_parquet(opts["parquet"], register)
            self.stdout.write(
                f"ทะเบียนสังเคราะห์ {register.n_households:,} ครัวเรือน "
                f"{register.n_people:,} คน → {opts['parquet']}"
            )
            return
        provinces = provinces or self._provinces("all")
        with steps(3, "households generate") as step:
            counts = do_generate_register(
                provinces, opts["households"], seed=opts["seed"], year=opts["year"], step=step
            )
        if opts["duplicates"]:
            from msoc.apps.register.actions.synthetic import do_seed_duplicates

            counts["people"] += do_seed_duplicates(provinces[0], opts["duplicates"])
        self.stdout.write(
            f"ทะเบียนสังเคราะห์: {counts['households']:,} ครัวเรือน {counts['people']:,} คน"
        )

    def _import(self, opts: dict[str, Any]) -> None:
        from msoc.apps.register.actions.imports import do_import_survey
        from msoc.apps.register.imports import import_summary

        actor, provinces = None, None
        if opts["user"]:
            actor, provinces = self._importer(opts["user"])
        with steps(3, "households import") as step:
            outcome = do_import_survey(
                opts["path"],
                keep_good=opts["keep_good"],
                actor=actor,
                provinces=provinces,
                step=step,
            )
        for problem in outcome.problems:
            self.stderr.write(problem)
        if outcome.refused:
            raise CommandError(
                f"ไม่ได้นำเข้า: พบข้อผิดพลาด {len(outcome.problems)} รายการ "
                "(แก้ไฟล์ หรือใช้ --keep-good เพื่อเก็บเฉพาะครัวเรือนที่ถูกต้อง)"
            )
        self.stdout.write(import_summary(outcome))

    def _importer(self, username: str) -> tuple[Any, set[int] | None]:
        """The account an import acts as, and its provinces (None: every province)."""
        from django.contrib.auth.models import User

        from msoc.apps.register.services import scope_of

        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"ไม่พบบัญชีผู้ใช้ {username!r}")
        scope = scope_of(user)
        if not scope.households:
            raise CommandError(f"บัญชี {username} ไม่มีสิทธิ์นำเข้าครัวเรือน")
        return user, None if scope.every else set(scope.provinces)

    def _index(self, opts: dict[str, Any]) -> None:
        from django.conf import settings

        from msoc.apps.register.actions.indices import do_compute_indices
        from msoc.register import poverty
        from msoc.register.engines import compute, spark_missing

        engine = opts["engine"] or settings.MSOC_REGISTER_ENGINE
        if engine == "spark" and (missing := spark_missing()):
            raise CommandError(missing)
        if opts["parquet"]:
            config = poverty.load_config()
            result = compute(opts["parquet"], config, engine=engine)
            if opts["output"]:
                opts["output"].write_text(areas_csv(result, config), encoding="utf-8-sig")
            national = result.national
        else:
            with steps(4, "households index") as step:
                national = do_compute_indices(year=opts["year"], engine=engine, step=step).national
        self.stdout.write(
            f"{engine}: {national.people:,} คน {national.households:,} ครัวเรือน — "
            f"H {float(national.headcount):.4f} A {float(national.intensity):.4f} "
            f"MPI {float(national.mpi):.4f}; คนจนเป้าหมาย TPMAP "
            f"{national.tpmap_poor_households:,} ครัวเรือน"
        )

    def _screen(self, opts: dict[str, Any]) -> None:
        from msoc.apps.register.actions.screening import do_screen_register
        from msoc.apps.register.stored_columns import stored_register
        from msoc.apps.register.synthetic import train_panel
        from msoc.register.tables import read_parquet

        if opts["panel"]:
            wave1, wave2 = (read_parquet(p) for p in opts["panel"])
            trained_on = f"panel {opts['panel'][0]} → {opts['panel'][1]}"
        else:
            stored = stored_register(year=opts["year"])
            provinces = sorted({int(p) for p in stored.households["province_code"]})
            if not provinces:
                raise CommandError("ไม่มีครัวเรือนในทะเบียนให้คัดกรอง")
            with steps(1, "households screen") as step:
                step("สร้างข้อมูลฝึกสองรอบสำรวจ")
                wave1, wave2 = train_panel(provinces, households=opts["train_households"])
            trained_on = "ข้อมูลสังเคราะห์สองรอบสำรวจ (ยังไม่มีข้อมูลจริงสองปี)"
        with steps(4, "households screen") as step:
            record = do_screen_register(
                wave1=wave1, wave2=wave2, trained_on=trained_on, year=opts["year"], step=step
            )
        self.stdout.write(record.metrics.get("summary", ""))

    def _duplicates(self, opts: dict[str, Any]) -> None:
        from msoc.apps.register.actions.merging import do_find_duplicates

        codes = self._provinces(opts["provinces"])
        for code in each(codes, "households duplicates", unit="จังหวัด"):
            added = do_find_duplicates(code)
            self.stdout.write(f"จังหวัด {code}: รายการที่อาจซ้ำใหม่ {added:,} รายการ")

    def _export(self, opts: dict[str, Any]) -> None:
        from msoc.apps.register.exports import export_areas_csv, export_households_encrypted

        provinces = self._provinces(opts["provinces"])
        if opts["what"] == "areas":
            text = export_areas_csv(year=opts["year"], provinces=provinces)
            opts["output"].write_text(text, encoding="utf-8-sig")
        else:
            if not opts["passphrase_file"]:
                raise CommandError("ข้อมูลครัวเรือนมีข้อมูลส่วนบุคคล ต้องเข้ารหัส: --passphrase-file")
            passphrase = opts["passphrase_file"].read_text(encoding="utf-8").strip()
            blob = export_households_encrypted(
                provinces=provinces, passphrase=passphrase, path=str(opts["output"])
            )
            opts["output"].write_bytes(blob)
        self.stdout.write(f"ส่งออก → {opts['output']}")

    def _person(self, opts: dict[str, Any]) -> None:
        from msoc.apps.register.privacy import encrypted_person_record

        passphrase = opts["passphrase_file"].read_text(encoding="utf-8").strip()
        blob = encrypted_person_record(
            national_id=opts["national_id"], passphrase=passphrase, actor=None
        )
        opts["output"].write_bytes(blob)
        self.stdout.write(f"ข้อมูลของบุคคล (เข้ารหัสแล้ว) → {opts['output']}")

    def _decrypt(self, opts: dict[str, Any]) -> None:
        from msoc.encryption import decrypt

        passphrase = opts["passphrase_file"].read_text(encoding="utf-8").strip()
        opts["output"].write_bytes(decrypt(opts["path"].read_bytes(), passphrase))
        self.stdout.write(f"ถอดรหัส → {opts['output']}")


def areas_csv(result: Any, config: Any) -> str:
    """The areas of an index result as CSV (one row per area, indicators as columns)."""
    out = io.StringIO()
    keys = config.indicator_keys()
    writer = csv.writer(out)
    writer.writerow(
        ["level", "code", "people", "households", "H", "A", "MPI", "tpmap_households"]
        + [f"contribution_{k}" for k in keys]
    )
    for a in result.areas:
        writer.writerow(
            [a.level, a.code, a.people, a.households]
            + [f"{float(x):.6f}" for x in (a.headcount, a.intensity, a.mpi)]
            + [a.tpmap_poor_households]
            + [f"{float(c):.4f}" for c in a.contribution]
        )
    return out.getvalue()
