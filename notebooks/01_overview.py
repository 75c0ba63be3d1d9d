# %% [markdown]
# # 总览：各指标评估
#
# 表1-1全部31项主要指标的评估结论（给出实际值时还有监测状态），按类别统计，以及规划正文中的其他数字目标。与报告首页和总览页所示相同，均由 `jzanalysis.publish.pages` 生成。

# %% tags=["parameters"]
year: int = 2021  # report year: actuals up to this year are used
lang: str = "zh"  # language of tables, texts and charts: "zh" (Chinese) or "en" (English)
actuals: str = ""  # actual values: the workbook of `jzanalysis template` (.xlsx) or a long CSV (id,year,value[,source,note]); empty: none, plan-time assessment only
plan: str = ""  # plan folder with plan.yaml (or a plan text); empty: the plan bundled with jzanalysis
previous: str = ""  # path of last year's data/assessment.csv for the what-changed table; empty: none

# %%
from IPython.display import HTML, Markdown, display

from jzanalysis.publish import pages, plots, prepared

# the analysis made once by `jzanalysis report` for all its notebooks, else jzanalysis.analyse(...) here
analysis = prepared.analysis(plan=plan or None, actuals=actuals or None, as_of=year if actuals else None)
monitored = analysis.actuals is not None
display(Markdown(plots.inputs_md(analysis, year, lang)))
display(HTML(plots.illustrative_banner(analysis, lang)))

# %%
changes = plots.changes_since(previous, analysis)
ctx = pages.notebook_context(analysis, lang, changes)  # every word of the report, built once
display(HTML(pages.fragment(analysis, "headline", lang, ctx=ctx)))
if monitored:
    display(HTML(pages.fragment(analysis, "changes", lang, ctx=ctx)))

# %% [markdown]
# ## 各指标评估

# %%
display(HTML(pages.fragment(analysis, "table", lang, ctx=ctx)))
display(HTML(pages.fragment(analysis, "counts", lang, ctx=ctx)))

# %% [markdown]
# ## 规划正文中的其他数字目标

# %%
display(HTML(pages.fragment(analysis, "prose", lang, ctx=ctx)))

# %% [markdown]
# ## 术语说明

# %%
display(HTML(pages.fragment(analysis, "legend", lang, ctx=ctx)))
