/** A two-page issue for the archive tests: Latin words and digits, punctuation (some followed by a space), and XML's special characters in the copy. */
export const COPY = {
  lead: ['重庆日报讯（记者 陈国栋）2024年，全市GDP增长6.1%，“链长制”覆盖33条产业链。', '## 链上党建', '企业党委与供应商结对，Apple & Huawei 的供应链也在其中……', '“近年来，这些企业陆续建立党组织。”杨远明说。'],
  column: ['以组织担当带动干部敢为善为有为，是新时代组织工作的要求——也是答卷。', '干部队伍建设要<久久为功>。', '见“组织” （第5期）。'],
};

export const ARCHIVE_ISSUE = `paper: 测试日报
date: 2024-02-20
edition: 红岩周刊
layout: tabloid
pages:
  - number: 1
    section: 要闻
    articles:
      - id: lead
        headline: 链上党建 & 高质量发展
        byline: □本报记者 陈国栋
        columns: 6
        body: |
${COPY.lead.map((l) => `          ${l}`).join('\n')}
  - number: 2
    section: 评论
    articles:
      - id: column
        label: 【组织部长笔谈】
        headline: 以组织担当带动干部
        author: 组织部部长 李皓
        columns: 3
        body: |
${COPY.column.map((l) => `          ${l}`).join('\n')}
`;
