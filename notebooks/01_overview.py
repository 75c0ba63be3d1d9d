# %% [markdown]
# # 总览：指标评估与审计要点
#
# *Overview: the verdict of every indicator and the audit's main findings.*
#
# 《晋中市“十四五”高品质生活建设（公共服务和社会保障事业）规划》表1-1全部31项主要指标的评估：2020年基期、2025年目标、所需年均速度、规划自身给出的参照速度（“十三五”历史速度）、按参照速度推算的2025年值和评估结论；给出实际值时，先列与上年相比的变化，再列各指标的监测状态。

# %% tags=["parameters"]
year: int = 2021  # report year: actuals up to this year are used
lang: str = "zh"  # language of tables, texts and charts: "zh" (Chinese) or "en" (English)
actuals: str = ""  # path of the actuals CSV (id,year,value[,source,note]); empty: none, plan-time assessment only
plan: str = ""  # path of the plan text; empty: the plan bundled with jzanalysis
previous: str = ""  # path of last year's data/assessment.csv for the what-changed table; empty: none

# %%
from IPython.display import HTML, Markdown, display

import jzanalysis
from jzanalysis import plots

plots.setup(lang)  # Noto Sans CJK SC for Chinese in charts, white-grid style, pandas display options
analysis = jzanalysis.analyse(plan=plan or None, actuals=actuals or None, as_of=year if actuals else None)
monitored = analysis.actuals is not None
display(Markdown(plots.inputs_md(analysis, year, lang)))
display(HTML(plots.illustrative_banner(analysis, lang)))

# %%
changes = plots.changes_since(previous, analysis)
if monitored:
    display(Markdown("## 与上年相比的变化 · What changed since last year"))
    display(Markdown(plots.changes_md(changes, previous, lang)))
    if changes is not None and len(changes):
        display(plots.what_changed_table(changes, lang))

# %% [markdown]
# ## 各指标评估 · Verdict of every indicator
#
# 颜色 *(colours)*：深绿＝基期已达标，浅绿＝可实现，黄＝需加力，红＝不可实现（与规划自身数字矛盾），灰＝无参照速度或无法评估。有实际值时，“监测状态”按实际年均速度与所需速度之比（R）着色。

# %%
display(plots.status_table(analysis, lang))

# %% [markdown]
# ## 按类别和属性统计 · Counts by category and by type (约束性 / 预期性)

# %%
display(plots.counts_table(analysis, "category", lang))
display(plots.counts_table(analysis, "attribute", lang))
if monitored:
    display(plots.counts_table(analysis, "category", lang, column="status"))
plots.show_figure(plots.verdict_chart(analysis, lang))

# %% [markdown]
# ## 正文中的其他数字目标 · Other numeric targets in the plan's prose
#
# 规划正文中带数字、但不在表1-1中的目标（多为五年累计数或无基期值的目标）。

# %%
display(plots.status_table(analysis, lang, source="prose"))

# %% [markdown]
# ## 规划自审计要点 · Audit findings (high and medium)
#
# 规划自身数字之间不能同时成立之处（高）和措辞、单位或允许倒退的目标（中）；算式见“规划自审计”页。

# %%
display(plots.audit_table(analysis.audit, lang, severities=("high", "medium")))
