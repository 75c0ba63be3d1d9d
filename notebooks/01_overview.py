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

from jzanalysis.publish import notebook as nb

# the analysis (loaded on first use: `analysis.assessment`, ...); under `jzanalysis report` the run's, and
# every output below is the one the run made once for its pages, else computed here
analysis = nb.analysis(plan=plan or None, actuals=actuals or None, as_of=year if actuals else None)
display(Markdown(nb.inputs_md(analysis, year, lang)))
display(HTML(nb.illustrative_banner(analysis, lang)))

# %%
# every word of the report, built once (with the changes since last year's assessment `previous`)
display(HTML(nb.fragment(analysis, "headline", lang, previous)))
if nb.monitored(analysis):
    display(HTML(nb.fragment(analysis, "changes", lang, previous)))

# %% [markdown]
# ## 各指标评估

# %%
display(HTML(nb.fragment(analysis, "table", lang)))
display(HTML(nb.fragment(analysis, "counts", lang)))

# %% [markdown]
# ## 规划正文中的其他数字目标

# %%
display(HTML(nb.fragment(analysis, "prose", lang)))

# %% [markdown]
# ## 术语说明

# %%
display(HTML(nb.fragment(analysis, "legend", lang)))
