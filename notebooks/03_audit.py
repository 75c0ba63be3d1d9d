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

from jzanalysis.publish import notebook as nb

# the analysis (loaded on first use: `analysis.audit`, ...); under `jzanalysis report` the run's, and
# every output below is the one the run made once for its pages, else computed here
analysis = nb.analysis(plan=plan or None, actuals=actuals or None, as_of=year if actuals else None)
display(Markdown(nb.inputs_md(analysis, year, lang)))
display(HTML(nb.illustrative_banner(analysis, lang)))

# %%
display(HTML(nb.fragment(analysis, "audit", lang)))
