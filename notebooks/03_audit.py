# %% [markdown]
# # 规划自审计：数字之间的矛盾
#
# 每条发现：严重程度、涉及指标、说明和算式（由结构化数字写成），高者在前。

# %% tags=["parameters"]
year: int = 2021  # report year: actuals up to this year are used
lang: str = "zh"  # language of tables, texts and charts: "zh" (Chinese) or "en" (English)
actuals: str = ""  # not used by the audit (same parameters as the other notebooks); actual values: the workbook (.xlsx) or a long CSV; empty: none, plan-time assessment only
plan: str = ""  # plan folder with plan.yaml (or a plan text); empty: the plan bundled with jzanalysis

# %%
from IPython.display import HTML, Markdown, display

from jzanalysis.publish import pages, plots, prepared

# the analysis made once by `jzanalysis report` for all its notebooks, else jzanalysis.analyse(...) here
analysis = prepared.analysis(plan=plan or None, actuals=actuals or None, as_of=year if actuals else None)
monitored = analysis.actuals is not None
display(Markdown(plots.inputs_md(analysis, year, lang)))
display(HTML(plots.illustrative_banner(analysis, lang)))

# %%
display(HTML(pages.fragment(analysis, "audit", lang)))
