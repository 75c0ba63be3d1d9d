# %% [markdown]
# # 方法演示：一项指标的数字、结论和状态是怎样算出来的
#
# 这个笔记本不属于政策报告，供研究人员核对方法：选一项指标（参数 `indicator`，默认城镇居民人均可支配收入），逐步重算它的所需速度、以往速度、2025年推算值、评估结论，以及（给出实际值时的）监测状态，并与 `jzanalysis` 的结果对照。

# %% tags=["parameters"]
indicator: str = "urban_disposable_income"  # indicator id (Table 1-1 or a prose series), e.g. "physicians_per_1000"
year: int = 2023  # as-of year for the status (used only with actuals)
lang: str = "zh"  # language of the labels: "zh" or "en"
actuals: str = ""  # actual values: the filled-in workbook (.xlsx) or a long CSV; empty: no status step
plan: str = ""  # plan folder with plan.yaml (or a plan text); empty: the plan bundled with jzanalysis

# %%
import math

import pandas as pd
from IPython.display import Markdown, display

import jzanalysis
from jzanalysis.analysis import pace
from jzanalysis.publish import plots, svgchart

pd.set_option("display.max_rows", 200, "display.max_columns", 40, "display.max_colwidth", 200)
analysis = jzanalysis.analyse(plan=plan or None, actuals=actuals or None, as_of=year if actuals else None)
row = analysis.assessment.set_index("id").loc[indicator]
row = row.iloc[0] if isinstance(row, pd.DataFrame) else row
row[["name", "unit", "kind", "primary_pace", "baseline_year", "baseline_value", "target_year", "target_op", "target_value"]].to_frame("value")

# %% [markdown]
# ## 1. 基期和目标
#
# 上表来自规划：基期 $x_0$（2020年）、目标 $\tau$（2025年）和比较方式（≥、≤、左右）。所用的规划正文原句：

# %%
facts = analysis.facts
linked = facts[(facts["series"] == indicator) | (facts["indicator_id"] == indicator)]
linked[["line", "year", "role", "measure", "value", "unit", "value_text", "sentence"]]

# %% [markdown]
# ## 2. 所需速度
#
# - 复合年均增长率（水平、人均类）：$g = (\tau / x_0)^{1/n} - 1$，$n$ = 目标年 − 基期年；
# - 每年变化（占比、比率、年限、累计数）：$d = (\tau - x_0)/n$；
# - 差距缩小率（占比，仅在数据文件中）：$s = 1 - ((100-\tau)/(100-x_0))^{1/n}$。

# %%
x0, tau = float(row["baseline_value"]), float(row["target_value"])
n = int(row["target_year"]) - int(row["baseline_year"])
by_hand = pd.DataFrame({
    "method": ["cagr", "linear", "shortfall"],
    "by hand": [((tau / x0) ** (1 / n) - 1) * 100, (tau - x0) / n,
                (1 - ((100 - tau) / (100 - x0)) ** (1 / n)) * 100 if x0 < 100 and tau < 100 else math.nan],
    "jzanalysis": [row["required_cagr"], row["required_annual_change"], row["required_shortfall_rate"]],
})
by_hand

# %% [markdown]
# ## 3. 以往速度和2025年推算值
#
# 以往速度取规划正文所述2015→2020年的速度（或由两点算出）。推算值 $\hat x_{2025} = x_0 (1+r)^n$（复合）或 $x_0 + r n$（线性）。

# %%
history = plots.history_points(analysis, indicator)
display(history)
r = row["reference_pace"]
method = row["primary_pace"] if row["primary_pace"] in ("cagr", "linear", "shortfall") else "linear"
rate = r / 100 if method in ("cagr", "shortfall") else r
projected = pace.project(method, x0, rate, n) if not pd.isna(r) else math.nan
pd.DataFrame({"reference pace": [r], "source": [row["reference_source"]], "projected 2025 by hand": [projected],
              "jzanalysis": [row["projected"]]})

# %% [markdown]
# ## 4. 评估结论
#
# 基期已满足目标 → 基期已达标；推算值满足目标 → 可实现；差距不大 → 需加力；与规划其他数字矛盾（自审计“高”）或远达不到 → 不可实现；没有以往速度 → 无参照速度；缺基期、目标非数字或口径改变 → 无法评估。

# %%
meets = pace.satisfies(projected, row["target_op"], tau, row["direction"]) if not pd.isna(projected) else None
pd.DataFrame({"baseline meets target": [pace.satisfies(x0, row["target_op"], tau, row["direction"])],
              "projection meets target": [meets], "verdict": [row["feasibility"]],
              "reason": [row["reason_zh"] if lang == "zh" else row["reason_en"]]})

# %% [markdown]
# ## 5. 监测状态（给出实际值时）
#
# 实际年均速度 $a$ 由实际值拟合；$R = a / g_{所需}$：$R \ge 0.95$ 进度正常，$0.60 \le R < 0.95$ 有风险，$R < 0.60$ 需加快；方向相反为逆向变化；规划期结束时只有完成或未完成。

# %%
if analysis.actuals is not None:
    obs = analysis.actuals[analysis.actuals["id"] == indicator]
    display(obs[["year", "value", "source"]])
    display(row[["actual_pace", "required_pace", "pace_ratio", "status", "status_zh_review"]].to_frame("value"))
else:
    display(Markdown("没有给出实际值（参数 `actuals`），跳过这一步。"))

# %%
if indicator in set(plots.chart_ids(analysis)):
    svgchart.show_indicator(analysis, indicator, lang)  # the report's chart (SVG)
