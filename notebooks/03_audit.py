# %% [markdown]
# # 规划自审计：数字之间的矛盾
#
# *The plan's self-audit: where two of its own numbers cannot both hold, with the arithmetic.*
#
# 严重程度：**高**＝两个数字不能同时成立（相关目标判为不可实现）；**中**＝措辞或单位与数字不符，或目标允许比基期更差；**低**＝可由四舍五入、价格口径或表格笔误解释；**信息**＝核对一致。

# %% tags=["parameters"]
year: int = 2021  # report year: actuals up to this year are used
lang: str = "zh"  # language of tables, texts and charts: "zh" (Chinese) or "en" (English)
actuals: str = ""  # not used by the audit (same parameters as the other notebooks); path of the actuals CSV (id,year,value[,source,note]); empty: none, plan-time assessment only
plan: str = ""  # path of the plan text; empty: the plan bundled with jzanalysis

# %%
from IPython.display import HTML, Markdown, display

import jzanalysis
from jzanalysis import plots

plots.setup(lang)  # Noto Sans CJK SC for Chinese in charts, white-grid style, pandas display options
analysis = jzanalysis.analyse(plan=plan or None, actuals=actuals or None, as_of=year if actuals else None)
monitored = analysis.actuals is not None
display(Markdown(plots.inputs_md(analysis, year, lang)))
display(HTML(plots.illustrative_banner(analysis, lang)))

# %% [markdown]
# ## 概览 · Summary

# %%
display(plots.audit_table(analysis.audit, lang, severities=("high", "medium", "low", "info")))

# %% [markdown]
# ## 逐条说明 · Each finding with its arithmetic

# %%
for number, (_, finding) in enumerate(plots.sorted_audit(analysis.audit).iterrows(), start=1):
    display(Markdown(plots.audit_finding_md(finding, lang, number)))
