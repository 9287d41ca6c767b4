// A preprocessor condition as the source states it (`#ifdef CONFIG_X` is `defined(CONFIG_X)`). Data only.

export interface PreprocCondition {
  text: string;
  negated: boolean;
}
