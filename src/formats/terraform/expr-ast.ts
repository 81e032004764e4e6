/**
 * The syntax tree of HCL expressions and templates as vpcsim evaluates them (expr-parse.ts builds it, expr-eval.ts
 * evaluates it).
 */

export type Expr =
  | { readonly k: 'lit'; readonly v: null | boolean | number | string }
  | { readonly k: 'tmpl'; readonly parts: readonly TemplatePart[] }
  | { readonly k: 'var'; readonly name: string }
  | { readonly k: 'attr'; readonly obj: Expr; readonly name: string }
  | { readonly k: 'index'; readonly obj: Expr; readonly key: Expr }
  | { readonly k: 'splat'; readonly src: Expr; readonly each: Expr }
  | { readonly k: 'anon' }
  | { readonly k: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly expand: boolean }
  | { readonly k: 'tuple'; readonly items: readonly Expr[] }
  | { readonly k: 'object'; readonly items: readonly { readonly key: Expr; readonly value: Expr }[] }
  | {
      readonly k: 'for';
      readonly keyVar?: string | undefined;
      readonly valVar: string;
      readonly coll: Expr;
      readonly keyExpr?: Expr | undefined;
      readonly valExpr: Expr;
      readonly cond?: Expr | undefined;
      readonly grouped: boolean;
      readonly object: boolean;
    }
  | { readonly k: 'cond'; readonly test: Expr; readonly yes: Expr; readonly no: Expr }
  | { readonly k: 'unary'; readonly op: '!' | '-'; readonly arg: Expr }
  | { readonly k: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr };

export type TemplatePart =
  | { readonly k: 'text'; readonly text: string }
  | { readonly k: 'interp'; readonly expr: Expr }
  | {
      readonly k: 'if';
      readonly test: Expr;
      readonly then: readonly TemplatePart[];
      readonly else: readonly TemplatePart[];
    }
  | {
      readonly k: 'for';
      readonly keyVar?: string | undefined;
      readonly valVar: string;
      readonly coll: Expr;
      readonly body: readonly TemplatePart[];
    };
